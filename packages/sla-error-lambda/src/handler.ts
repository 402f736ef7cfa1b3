import {
  configValue,
  createAccessTokenVerifier,
  httpHandler,
  InternalError,
  type HttpContext,
  type HttpRequest,
  type HttpResult,
} from '@file-sla/shared-middleware';
import { defaultDependencies, type Dependencies } from './dependencies.js';
import { parseIdempotencyKey } from './idempotency-key.js';
import { manifest } from './lambda.js';
import { problemOptions } from './problem-options.js';
import { parseListQuery } from './list-query.js';
import { getSlaError, listSlaErrors } from './read-sla-errors.js';
import { reportSlaError, reportSlaErrorBatch } from './report-sla-errors.js';
import type { SlaErrorInput } from './sla-error.js';

/** How long the function may still run (a Lambda context always tells; a hand-made one may not). */
const remainingTimeOf = (context: HttpContext): (() => number) | undefined =>
  typeof context.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined;

/**
 * The SLA error function's HTTP entry on its dependencies: `POST /sla-errors` (one SLA error or a
 * batch, stored idempotently), `GET /sla-errors` (a page of one file's or one day's records) and
 * `GET /sla-errors/{errorId}`. Tokens and groups are checked by the stack, per the manifest.
 *
 * @example
 * ```ts
 * const handler = createHandler({ ...defaultDependencies(config), store: inMemoryStore, clock: () => fixedDate });
 * ```
 */
export const createHandler = ({ config, logger, store, clock }: Dependencies) =>
  httpHandler(manifest, {
    config,
    logger,
    problems: problemOptions,
    verifier: ({ userPoolId, clientId, jwtIssuer, jwksUri, jwks }) => createAccessTokenVerifier({ userPoolId, clientId, issuer: jwtIssuer, jwksUri, jwks }),
    routes: {
      report: async (request: HttpRequest<SlaErrorInput | SlaErrorInput[]>, context): Promise<HttpResult> => {
        const claims = context.auth;
        if (!claims) throw new InternalError('A protected route ran without verified claims');
        const recordContext = {
          submittedBy: claims.username,
          clientId: claims.client_id,
          requestId: context.requestId,
          now: clock(),
          retentionDays: configValue(config).retentionDays,
          // Part of every record's id, for a single report and each item of a batch alike.
          idempotencyKey: parseIdempotencyKey(request.headers),
        };
        const body = Array.isArray(request.body)
          ? await reportSlaErrorBatch(store, request.body, { ...recordContext, remainingTimeMs: remainingTimeOf(context) })
          : await reportSlaError(store, request.body, recordContext);
        return { statusCode: 200, body };
      },
      list: async (request) => ({ statusCode: 200, body: await listSlaErrors(store, parseListQuery(request.query)) }),
      get: async (request) => ({ statusCode: 200, body: await getSlaError(store, request.pathParameters.errorId ?? '') }),
    },
  });

/** The handler Lambda invokes, wired once per container. */
const dependencies = defaultDependencies();
// What the SDK does on its first call, done now (the command answered in-process), and the connection opened: see `warmUp`.
await dependencies.warmUp?.();
export const handler = createHandler(dependencies);
