// The public API of @file-sla/shared-middleware, chosen by hand: a function's manifest, the HTTP
// and event entries built from it, and what its handlers and configuration use. Everything else is internal.

// Function manifests
export { defineEventLambda, defineHttpLambda, describeManifest } from './manifest.js';
export type {
  BodyRule,
  DynamoDbStreamSource,
  EnvSource,
  EventLambdaManifest,
  GroupResource,
  HttpLambdaManifest,
  HttpMethod,
  LambdaManifest,
  LambdaManifestBase,
  LocalRef,
  ManifestDescription,
  Permission,
  PlatformRef,
  RouteAuth,
  RouteDescription,
  RouteManifest,
  TableAction,
  TopicResource,
} from './manifest.js';

// The HTTP entry
export { httpHandler } from './http-handler.js';
export type { HttpHandlerOptions, RouteBindings, RouteHandler } from './http-handler.js';
export type { HttpContext, HttpRequest, HttpResponse, HttpResult } from './http-types.js';
export type { ProblemOptions } from './middlewares/problem-details.js';
export type { RequestSecrets } from './request-secrets.js';

// The event entry (streams, queues, schedules)
export { eventHandler, InvocationError } from './event-handler.js';
export type { BatchItemFailures, EventHandle, EventHandlerOptions, EventInvocation } from './event-handler.js';

// Errors and problems
export {
  ConfigError,
  HttpError,
  InternalError,
  badRequest,
  forbidden,
  httpProblem,
  isHttpProblem,
  methodNotAllowed,
  missingGroup,
  notFound,
  payloadTooLarge,
  unauthorized,
  unsupportedMediaType,
  validationProblem,
} from './errors.js';
export type { FieldProblem, HttpProblem, ProblemFields } from './errors.js';
export { problemBody, toProblem } from './middlewares/problem-details.js';
export { toFieldProblems } from './middlewares/validate-body.js';
export type { CompiledValidator } from './middlewares/validate-body.js';

// Configuration, logging, request bodies
export { configValue, loadConfig } from './config.js';
export type { ConfigResult, EnvReader } from './config.js';
export { createLogger } from './logger.js';
export type { CreateLoggerOptions, Logger } from './logger.js';
export { sourceMappedStack, withSourceMappedErrors } from './source-mapped-stack.js';
export { REDACTED } from './redact.js';
export { canonicalizeKeys } from './canonical-keys.js';

// Access tokens
export { createAccessTokenVerifier } from './jwt/access-token-verifier.js';
export type { AccessTokenClaims, AccessTokenVerifier, AccessTokenVerifierOptions } from './jwt/access-token-verifier.js';
export { parsePreloadedJwks } from './jwt/preloaded-jwks.js';
export type { Jwks, PreloadedJwks } from './jwt/preloaded-jwks.js';
export { HttpFetcher } from './jwt/http-fetcher.js';
export type { HttpFetcherOptions } from './jwt/http-fetcher.js';

// AWS SDK clients
export { warmUpClient } from './aws/warm-up-client.js';
export type { WarmableClient, WarmableCommand, WarmUpAnswer, WarmUpOptions, WarmUpResult } from './aws/warm-up-client.js';
