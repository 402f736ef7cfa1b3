/**
 * Function manifests: what a lambda declares about itself, in one typed file per package
 * (`src/lambda.ts`). The handler is built from it (`httpHandler(manifest, …)` /
 * `eventHandler(manifest, …)`), and the platform — build, local stack, infrastructure, deploy,
 * bench, CI — reads the same declaration (as data, see {@link describeManifest}) instead of
 * naming functions anywhere else. See `docs/architecture.md`, "Function manifests".
 */
import type { CompiledValidator } from './middlewares/validate-body.js';

/** HTTP methods a route can answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A value the platform provides: in AWS from the stack, on the local stack from the emulators.
 * `topic-arn:<id>` and `group-name:<id>` name a topic or group declared in some manifest's `resources`.
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

/** Values that only the local stack sets (emulator endpoints); infrastructure leaves them out. */
export type LocalRef = 'cognito-endpoint' | 'dynamodb-endpoint' | 'jwt-issuer' | 'jwks-uri' | 'sns-endpoint';

/** Where one environment variable of a function comes from. */
export type EnvSource =
  /** A fixed value. */
  | { value: string }
  /** A deploy-time setting: a stack parameter in AWS (its default on the local stack). `''` = unset. */
  | { parameter: string; default: string; description: string; allowedValues?: readonly string[] }
  /** A resource of the platform. */
  | { ref: PlatformRef }
  /** Set on the local stack only. */
  | { local: LocalRef };

/** The SLA error table and what can be done on it. */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:Query';

/** A permission a function needs, on a resource of the platform. */
export type Permission =
  /** On the table; `indexes: true` extends the actions to its indexes (e.g. `Query` on a GSI). */
  | { resource: 'table'; actions: readonly TableAction[]; indexes?: boolean }
  /** Publish to a topic declared in `resources.topics`. */
  | { resource: `topic:${string}`; actions: readonly ['sns:Publish'] };

/** Who may call a route: anyone, or a caller with a valid access token (and maybe a group). */
export type RouteAuth<TConfig> =
  | 'public'
  | {
      /** The group the token's `cognito:groups` must contain, from the configuration; none = any valid token. */
      group?: (config: TConfig) => string | undefined;
    };

/** What a route does with the request body. */
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

/** One route of an HTTP function. `path` may hold `{name}` segments (`pathParameters`). */
export interface RouteManifest<TConfig> {
  method: HttpMethod;
  path: string;
  auth: RouteAuth<TConfig>;
  /** A JSON body, parsed and validated before the route's handler runs; none = body ignored. */
  body?: BodyRule;
}

/** A topic a function's package brings with it (created by the infrastructure, a sink locally). */
export interface TopicResource {
  description: string;
  /** A stack parameter holding an optional e-mail address subscribed to the topic. */
  emailSubscriptionParameter?: string;
}

/** A Cognito group of the user pool; its name is a deploy-time parameter (`''` = no group). */
export interface GroupResource {
  description: string;
  parameter: string;
  default: string;
}

/** A DynamoDB Streams event source on the SLA error table, as Lambda's event source mapping. */
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

/** What every function declares. */
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

/** A function behind the HTTP API. */
export interface HttpLambdaManifest<TConfig = unknown, TRoute extends string = string> extends LambdaManifestBase {
  kind: 'http';
  /** Its routes, by an id the handler binds an implementation to. */
  routes: Readonly<Record<TRoute, RouteManifest<TConfig>>>;
}

/** A function invoked by an event source. */
export interface EventLambdaManifest extends LambdaManifestBase {
  kind: 'event';
  eventSource: DynamoDbStreamSource;
}

/** Any function manifest. */
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

/** A route as data: what the platform needs to know of it. */
export interface RouteDescription {
  id: string;
  method: HttpMethod;
  path: string;
  auth: 'public' | 'token';
  body: boolean;
}

/** A manifest as plain JSON data (no functions), as the build writes it to `dist/functions.json`. */
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
