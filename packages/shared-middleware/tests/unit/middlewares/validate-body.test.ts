import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import type { HttpRequest } from '../../../src/http-types.js';
import { HttpError, type HttpProblem } from '../../../src/errors.js';
import { toProblem } from '../../../src/middlewares/problem-details.js';
import { toFieldProblems, validateBody, type CompiledValidator } from '../../../src/middlewares/validate-body.js';
import { httpRequest, middyRequest } from '../../support/http-events.js';

const itemSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    size: { type: 'integer', minimum: 0 },
    severity: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'] },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['name', 'size'],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const validateItem: CompiledValidator = ajv.compile(itemSchema);
const validateBatch: CompiledValidator = ajv.compile({ type: 'array', items: itemSchema, minItems: 1 });

const run = (validate: CompiledValidator, body: unknown): HttpRequest => {
  const request = middyRequest(httpRequest({ body }));
  void validateBody(validate).before!(request);
  return request.event;
};

/** What the stack answers: @middy/validator's own error, as `toProblem` turns it into a problem. */
const problemOf = (validate: CompiledValidator, body: unknown): HttpProblem => {
  try {
    run(validate, body);
  } catch (error) {
    expect(error).toMatchObject({ statusCode: 400, cause: { package: '@middy/validator', data: expect.any(Array) } });
    const problem = toProblem(error);
    expect(problem).toBeInstanceOf(HttpError);
    return problem;
  }
  throw new Error('expected a problem');
};

describe('validateBody', () => {
  it('lets a valid body through untouched', () => {
    const body = { name: 'GL_EXPORT.csv', size: 0, severity: 'HIGH' };
    expect(run(validateItem, body).body).toBe(body);
  });

  it('lists every problem (allErrors) as a 400 validation-error', () => {
    const problem = problemOf(validateItem, { size: -1, severity: 'URGENT', colour: 'red' });
    expect(problem.statusCode).toBe(400);
    expect(problem.type).toBe('validation-error');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: '/name', message: 'is required' },
        { path: '/colour', message: 'is not an allowed property: "colour" (check the spelling)' },
        { path: '/size', message: 'must be >= 0' },
        { path: '/severity', message: 'must be one of: LOW, MEDIUM, HIGH' },
      ]),
    );
    expect(problem.errors).toHaveLength(4);
    expect(problem.detail).toBe('4 problems found; see "errors".');
  });

  it('points at a property whose name breaks propertyNames, with one problem, its name escaped', () => {
    const validateTags: CompiledValidator = ajv.compile({ type: 'object', propertyNames: { maxLength: 3 } });
    expect(problemOf(validateTags, { ok: 1, 'a/bcd': 2 }).errors).toEqual([{ path: '/a~1bcd', message: 'name must NOT have more than 3 characters' }]);
  });

  it('points at the missing property for required', () => {
    expect(problemOf(validateItem, { size: 1 }).errors).toEqual([{ path: '/name', message: 'is required' }]);
  });

  it('names the unknown property in the path for additionalProperties', () => {
    expect(problemOf(validateItem, { name: 'a', size: 1, FileNmae: 'typo' }).errors).toEqual([
      { path: '/FileNmae', message: 'is not an allowed property: "FileNmae" (check the spelling)' },
    ]);
  });

  it('escapes "/" and "~" in property names as JSON Pointer does', () => {
    expect(problemOf(validateItem, { name: 'a', size: 1, 'a/b~c': 1 }).errors).toEqual([
      { path: '/a~1b~0c', message: 'is not an allowed property: "a/b~c" (check the spelling)' },
    ]);
  });

  it('puts the array index in the path', () => {
    const problem = problemOf(validateBatch, [
      { name: 'ok.csv', size: 1 },
      { size: 2 },
      { name: 'x.csv', size: 3, tags: { owner: 7 } },
    ]);
    expect(problem.errors).toEqual([
      { path: '/1/name', message: 'is required' },
      { path: '/2/tags/owner', message: 'must be of type string (no conversion is done)' },
    ]);
  });

  it('does no type coercion: "12" is not an integer', () => {
    expect(problemOf(validateItem, { name: 'a', size: '12' }).errors).toEqual([
      { path: '/size', message: 'must be of type integer (no conversion is done)' },
    ]);
    expect(problemOf(validateItem, { name: 'a', size: 1.5 }).errors).toEqual([
      { path: '/size', message: 'must be of type integer (no conversion is done)' },
    ]);
  });

  it('reports a wrong top-level type at the root path ""', () => {
    expect(problemOf(validateItem, [{ name: 'a', size: 1 }]).errors).toEqual([
      { path: '', message: 'must be of type object (no conversion is done)' },
    ]);
  });

  it('keeps working across calls (errors are not carried over)', () => {
    expect(problemOf(validateItem, { size: 1 }).errors).toHaveLength(1);
    expect(run(validateItem, { name: 'a', size: 1 }).body).toEqual({ name: 'a', size: 1 });
    expect(problemOf(validateItem, { name: 'a' }).errors).toEqual([{ path: '/size', message: 'is required' }]);
  });
});

describe('toFieldProblems', () => {
  it('drops combinator noise and duplicates', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile({
      type: 'object',
      properties: { at: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    });
    validate({ at: true });
    const problems = toFieldProblems([...(validate.errors ?? []), ...(validate.errors ?? [])]);
    expect(problems).toEqual([
      { path: '/at', message: 'must be of type string (no conversion is done)' },
      { path: '/at', message: 'must be of type number (no conversion is done)' },
    ]);
    expect(toFieldProblems(null)).toEqual([]);
  });
});
