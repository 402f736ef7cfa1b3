/**
 * Function manifests: what a lambda declares about itself, in one typed file per package
 * (`src/lambda.ts`). The handler is built from it (`httpHandler(manifest, …)` /
 * `eventHandler(manifest, …)`), and the platform — build, local stack, infrastructure, deploy,
 * bench, CI — reads the same declaration (as data, see {@link describeManifest}) instead of
 * naming functions anywhere else. See `docs/architecture.md`, "Function manifests".
 */
import type { CompiledValidator } from './middlewares/validate-body.js';

/**
 * HTTP methods a route can answer.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'POST';
 * ```
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A value the platform provides: in AWS from the stack, on the local stack from the emulators.
 * `topic-arn:<id>` and `group-name:<id>` name a topic or group declared in some manifest's `resources`.
 *
 * @example
 * ```ts
 * const env = { TABLE: { ref: 'table-name' as PlatformRef } };
 * ```
 */
export type PlatformRef =
  | 'user-pool-id'
  | 'user-pool-client-id'
  | 'user-pool-client-secret'
  /** The user pool's JWKS document (JSON), read at deploy time so that no request has to fetch it. */
  | 'user-pool-jwks'
  | 'table-name'
  /** The name of a group declared in some manifest's `resources.groups` (`''` when the group is switched off). */
  | `group-name:${string}`
  | `topic-arn:${string}`;

/**
 * Values that only the local stack sets (emulator endpoints); infrastructure leaves them out.
 *
 * @example
 * ```ts
 * const env = { DYNAMODB_ENDPOINT: { local: 'dynamodb-endpoint' as LocalRef } };
 * ```
 */
export type LocalRef = 'cognito-endpoint' | 'dynamodb-endpoint' | 'jwt-issuer' | 'jwks-uri' | 'sns-endpoint';

/**
 * Where one environment variable of a function comes from.
 *
 * @example
 * ```ts
 * const level: EnvSource = { parameter: 'LogLevel', default: 'INFO', description: 'LOG_LEVEL of the functions.' };
 * ```
 */
export type EnvSource =
  /** A fixed value. */
  | { value: string }
  /** A deploy-time setting: a stack parameter in AWS (its default on the local stack). `''` = unset. */
  | { parameter: string; default: string; description: string; allowedValues?: readonly string[] }
  /** A resource of the platform. */
  | { ref: PlatformRef }
  /** Set on the local stack only. */
  | { local: LocalRef };

/**
 * The SLA error table and what can be done on it.
 *
 * @example
 * ```ts
 * const actions: TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
 * ```
 */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:Query';

/**
 * A permission a function needs, on a resource of the platform.
 *
 * @example
 * ```ts
 * const read: Permission = { resource: 'table', actions: ['dynamodb:Query'], indexes: true };
 * ```
 */
export type Permission =
  /** On the table; `indexes: true` extends the actions to its indexes (e.g. `Query` on a GSI). */
  | { resource: 'table'; actions: readonly TableAction[]; indexes?: boolean }
  /** Publish to a topic declared in `resources.topics`. */
  | { resource: `topic:${string}`; actions: readonly ['sns:Publish'] };

/**
 * Who may call a route: anyone, or a caller with a valid access token (and maybe a group).
 *
 * @example
 * ```ts
 * const writers: RouteAuth<{ writerGroup?: string }> = { group: (config) => config.writerGroup };
 * ```
 */
export type RouteAuth<TConfig> =
  | 'public'
  | {
      /** The group the token's `cognito:groups` must contain, from the configuration; none = any valid token. */
      group?: (config: TConfig) => string | undefined;
    };

/**
 * What a route does with the request body.
 *
 * @example
 * ```ts
 * const body: BodyRule = { normalize: trimStrings, validate: validateOrder, maxBytes: 64 * 1024, duplicateNames: 'case-insensitive' };
 * ```
 */
export interface BodyRule {
  /** Reshape the parsed JSON before validation (e.g. case-insensitive property names, trimming). */
  normalize?: (body: unknown) => unknown;
  /** The precompiled JSON-Schema validator (Ajv standalone code). */
  validate: CompiledValidator;
  /** Largest body accepted, in bytes (default 256 KiB); larger is `413`. */
  maxBytes?: number;
  /**
   * When two property names of one object are the same: `exact` (default) refuses the same name
   * twice; `case-insensitive` also refuses names that differ only in case (checked after `normalize`).
   */
  duplicateNames?: 'exact' | 'case-insensitive';
}

/**
 * One route of an HTTP function. `path` may hold `{name}` segments (`pathParameters`).
 *
 * @example
 * ```ts
 * const route: RouteManifest<MyConfig> = { method: 'GET', path: '/orders/{orderId}', auth: {} };
 * ```
 */
export interface RouteManifest<TConfig> {
  method: HttpMethod;
  path: string;
  auth: RouteAuth<TConfig>;
  /** A JSON body, parsed and validated before the route's handler runs; none = body ignored. */
  body?: BodyRule;
}

/**
 * A topic a function's package brings with it (created by the infrastructure, a sink locally).
 *
 * @example
 * ```ts
 * const alerts: TopicResource = { description: 'SLA alerts', emailSubscriptionParameter: 'AlertEmail' };
 * ```
 */
export interface TopicResource {
  description: string;
  /** A stack parameter holding an optional e-mail address subscribed to the topic. */
  emailSubscriptionParameter?: string;
}

/**
 * A Cognito group of the user pool; its name is a deploy-time parameter (`''` = no group).
 *
 * @example
 * ```ts
 * const writers: GroupResource = { description: 'May write', parameter: 'WriterGroupName', default: 'writers' };
 * ```
 */
export interface GroupResource {
  description: string;
  parameter: string;
  default: string;
}

/**
 * A DynamoDB Streams event source on the SLA error table, as Lambda's event source mapping.
 *
 * @example
 * ```ts
 * const source: DynamoDbStreamSource = { type: 'dynamodb-stream', table: 'table', streamView: 'NEW_IMAGE', startingPosition: 'LATEST', batchSize: 10, maxBatchingWindowSeconds: 5, retryAttempts: 3, bisectBatchOnError: true, reportBatchItemFailures: true, filters: [], onFailure: 'dead-letter-queue' };
 * ```
 */
export interface DynamoDbStreamSource {
  type: 'dynamodb-stream';
  table: 'table';
  /** The stream view the table must have. */
  streamView: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  maxRecordAgeSeconds?: number;
  bisectBatchOnError: boolean;
  reportBatchItemFailures: boolean;
  /** Lambda event filter patterns (each a JSON object); a record matching none never invokes. */
  filters: readonly Record<string, unknown>[];
  /** Where records go after the retries: a dead-letter queue (with a depth alarm in AWS). */
  onFailure: 'dead-letter-queue';
}

/**
 * What every function declares.
 *
 * @example
 * ```ts
 * const base: LambdaManifestBase = { name: 'x-lambda', description: 'x', memoryMb: 256, timeoutSeconds: 10, environment: {}, permissions: [] };
 * ```
 */
export interface LambdaManifestBase {
  /** The package's folder name under `packages/`, also the bundle name (`dist/<name>.zip`). */
  name: string;
  description: string;
  /** MB; Lambda's default for this function. */
  memoryMb: number;
  /** Seconds; an HTTP function stays below the HTTP API's 30 s integration limit. */
  timeoutSeconds: number;
  /** The environment the function reads, and where each value comes from. */
  environment: Readonly<Record<string, EnvSource>>;
  /** Exactly what the function's role may do. */
  permissions: readonly Permission[];
  /** Resources the package brings with it. */
  resources?: { topics?: Readonly<Record<string, TopicResource>>; groups?: Readonly<Record<string, GroupResource>> };
}

/**
 * A function behind the HTTP API.
 *
 * @example
 * ```ts
 * const manifest: HttpLambdaManifest<MyConfig, 'hello'> = defineHttpLambda<MyConfig>()({ ...base, kind: 'http', routes: { hello: { method: 'GET', path: '/hello', auth: 'public' } } });
 * ```
 */
export interface HttpLambdaManifest<TConfig = unknown, TRoute extends string = string> extends LambdaManifestBase {
  kind: 'http';
  /** Its routes, by an id the handler binds an implementation to. */
  routes: Readonly<Record<TRoute, RouteManifest<TConfig>>>;
}

/**
 * A function invoked by an event source.
 *
 * @example
 * ```ts
 * const manifest: EventLambdaManifest = defineEventLambda({ ...base, kind: 'event', eventSource: source });
 * ```
 */
export interface EventLambdaManifest extends LambdaManifestBase {
  kind: 'event';
  eventSource: DynamoDbStreamSource;
}

/**
 * Any function manifest.
 *
 * @example
 * ```ts
 * const all: LambdaManifest[] = [authManifest, notifierManifest];
 * ```
 */
export type LambdaManifest = HttpLambdaManifest<never, string> | EventLambdaManifest;

/**
 * Declares an HTTP function (typed identity: keeps the route ids for the handler's bindings).
 *
 * @example
 * ```ts
 * export const manifest = defineHttpLambda<MyConfig>()({
 *   kind: 'http', name: 'hello-lambda', description: 'GET /hello', memoryMb: 256, timeoutSeconds: 10,
 *   environment: { GREETING: { value: 'hi' } }, permissions: [],
 *   routes: { hello: { method: 'GET', path: '/hello', auth: {} } },
 * });
 * ```
 */
export const defineHttpLambda =
  <TConfig>() =>
  <TRoute extends string>(manifest: HttpLambdaManifest<TConfig, TRoute>): HttpLambdaManifest<TConfig, TRoute> =>
    manifest;

/**
 * Declares an event-source function (typed identity).
 *
 * @example
 * ```ts
 * export const manifest = defineEventLambda({ kind: 'event', name: 'x-lambda', …, eventSource: { type: 'dynamodb-stream', … } });
 * ```
 */
export const defineEventLambda = (manifest: EventLambdaManifest): EventLambdaManifest => manifest;

/**
 * A route as data: what the platform needs to know of it.
 *
 * @example
 * ```ts
 * const route: RouteDescription = { id: 'hello', method: 'GET', path: '/hello', auth: 'public', body: false };
 * ```
 */
export interface RouteDescription {
  id: string;
  method: HttpMethod;
  path: string;
  auth: 'public' | 'token';
  body: boolean;
}

/**
 * A manifest as plain JSON data (no functions), as the build writes it to `dist/functions.json`.
 *
 * @example
 * ```ts
 * const functions: ManifestDescription[] = JSON.parse(readFileSync('dist/functions.json', 'utf8'));
 * ```
 */
export type ManifestDescription = LambdaManifestBase &
  ({ kind: 'http'; routes: RouteDescription[] } | { kind: 'event'; eventSource: DynamoDbStreamSource });

/**
 * The manifest as data for the platform: the functions of body rules and group lookups left out.
 *
 * @example
 * ```ts
 * writeFileSync('dist/functions.json', JSON.stringify([describeManifest(manifest)]));
 * ```
 */
export const describeManifest = (manifest: LambdaManifest): ManifestDescription => {
  const base: LambdaManifestBase = {
    name: manifest.name,
    description: manifest.description,
    memoryMb: manifest.memoryMb,
    timeoutSeconds: manifest.timeoutSeconds,
    environment: manifest.environment,
    permissions: manifest.permissions,
    ...(manifest.resources ? { resources: manifest.resources } : {}),
  };
  if (manifest.kind === 'event') return { ...base, kind: 'event', eventSource: manifest.eventSource };
  const routes = Object.entries<RouteManifest<never>>(manifest.routes).map(([id, route]) => ({
    id,
    method: route.method,
    path: route.path,
    auth: route.auth === 'public' ? ('public' as const) : ('token' as const),
    body: route.body !== undefined,
  }));
  return { ...base, kind: 'http', routes };
};
