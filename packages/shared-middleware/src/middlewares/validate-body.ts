import type middy from '@middy/core';
import validator from '@middy/validator';
import type { ErrorObject } from 'ajv';
import type { HttpContext, HttpRequest } from '../http-types.js';
import type { FieldProblem } from '../errors.js';

/**
 * A JSON-Schema validator compiled ahead of time (Ajv standalone code): no compiler at cold start.
 *
 * @example
 * ```ts
 * import { validateOrder } from './generated/validators.js'; // Ajv standalone code
 * const rule = { validate: validateOrder satisfies CompiledValidator };
 * ```
 */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Turns one Ajv error into a field problem whose path points at the offending field itself. */
export const toFieldProblem = (error: ErrorObject): FieldProblem => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required' };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`,
        message: `is not an allowed property: "${String(params.additionalProperty)}" (check the spelling)`,
      };
    case 'enum':
      return {
        path: error.instancePath,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'type':
      return { path: error.instancePath, message: `must be of type ${String(params.type)} (no conversion is done)` };
    default: {
      const message = error.message ?? `fails "${error.keyword}"`;
      // An error about a property's name (`propertyNames`) points at that property.
      return typeof error.propertyName === 'string'
        ? { path: `${error.instancePath}/${escapePointer(error.propertyName)}`, message: `name ${message}` }
        : { path: error.instancePath, message };
    }
  }
};

/** Problems that only repeat what another error at the same place already says. */
const NOISE = new Set(['if', 'oneOf', 'anyOf', 'not', 'then', 'else', 'propertyNames']);

/**
 * Maps Ajv errors to field problems, without combinator noise or duplicates.
 *
 * @example
 * ```ts
 * validate(body) || console.log(toFieldProblems(validate.errors)); // [{ path: '/fileName', message: 'is required' }]
 * ```
 */
export const toFieldProblems = (errors: readonly ErrorObject[] | null | undefined): FieldProblem[] => {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors ?? []) {
    if (NOISE.has(error.keyword)) continue;
    const problem = toFieldProblem(error);
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
};

/**
 * `@middy/validator` with the precompiled validator of the body as its `eventSchema` (the event
 * is the normalised request; its `body` is what the schema describes). An invalid body makes
 * `@middy/validator` throw its own `400`, with Ajv's errors as `cause.data`; the error handling
 * of `httpHandler` (`toProblem`) turns it into the problem that lists every offending field with
 * its JSON Pointer.
 *
 * @example
 * ```ts
 * middy().use(jsonBody()).use(validateBody(validateOrder));
 * ```
 */
export const validateBody = (validate: CompiledValidator): middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext> => {
  const eventSchema: CompiledValidator = (event: unknown): boolean => {
    const valid = validate((event as HttpRequest).body);
    eventSchema.errors = validate.errors ?? null;
    return valid;
  };
  // @middy/validator types its option as an Ajv instance; any compiled validate function works.
  return validator({ eventSchema: eventSchema as never }) as unknown as middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext>;
};
