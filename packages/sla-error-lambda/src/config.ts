import { createLogger, loadConfig, parsePreloadedJwks, type Jwks } from '@file-sla/shared-middleware';

/** What the SLA error function needs to know, read once at cold start. */
export interface SlaConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  tableName: string;
  /** Days a record is kept (TTL `expiresAt`); 0 keeps it for ever. */
  retentionDays: number;
  /** Group a token must carry to POST, if set. */
  writerGroup: string | undefined;
  /** Group a token must carry to GET, if set. */
  readerGroup: string | undefined;
  /** Local stack only: where DynamoDB answers. */
  dynamodbEndpoint: string | undefined;
  /** Local stack only: static dummy credentials when none are in the environment. */
  localCredentials: boolean;
  /** Local stack only: the emulator's token issuer and JWKS (http allowed). */
  jwtIssuer: string | undefined;
  jwksUri: string | undefined;
  /**
   * The user pool's JWKS (`COGNITO_JWKS`, filled at deploy time; on the local stack the
   * emulator's), preloaded into the token verifier so that no request waits for a JWKS fetch.
   * `undefined` when unset or unusable (a warning is logged): the verifier then fetches it.
   */
  jwks?: Jwks | undefined;
}

/** The service name on the warning logged at init (the handler's logger is not built yet). */
const SERVICE_NAME = 'sla-error-lambda';

const USER_POOL_ID = /^[\w-]+_[0-9A-Za-z]+$/;
const TABLE_NAME = /^[\w.-]{3,255}$/;

/** The configuration of this container (see docs/architecture.md, Configuration). */
export const config = loadConfig<SlaConfig>((env) => {
  const region = env.optional('AWS_REGION') ?? env.optional('AWS_DEFAULT_REGION');
  if (region === undefined) env.problem('AWS_REGION (or AWS_DEFAULT_REGION) is required');
  const userPoolId = env.required('COGNITO_USER_POOL_ID');
  if (userPoolId !== '' && !USER_POOL_ID.test(userPoolId)) {
    env.problem(`COGNITO_USER_POOL_ID must look like <region>_<id> (got "${userPoolId}")`);
  }
  const tableName = env.optional('DYNAMODB_TABLE', 'FileSlaErrors');
  if (!TABLE_NAME.test(tableName)) env.problem(`DYNAMODB_TABLE is not a valid table name (got "${tableName}")`);
  const jwtIssuer = env.url('JWT_ISSUER', { allowHttp: true });
  const jwksUri = env.url('JWKS_URI', { allowHttp: true });
  if ((jwtIssuer === undefined) !== (jwksUri === undefined)) env.problem('JWT_ISSUER and JWKS_URI go together (local stack only)');
  const dynamodbEndpoint = env.url('DYNAMODB_ENDPOINT', { allowHttp: true });
  // Not a configuration error: a JWKS that cannot be used only costs the first request a fetch
  // (the verifier still knows where to get it), whereas a 500 on every request would be an outage.
  const { jwks, problem } = parsePreloadedJwks(env.optional('COGNITO_JWKS'));
  if (problem !== undefined) {
    createLogger({ serviceName: SERVICE_NAME }).warn(`COGNITO_JWKS ignored, the JWKS will be fetched on first use: ${problem}`);
  }
  return {
    region: region ?? '',
    userPoolId,
    clientId: env.required('COGNITO_CLIENT_ID'),
    tableName,
    retentionDays: env.integer('RETENTION_DAYS', { fallback: 400, min: 0, max: 36_500 }),
    writerGroup: env.optional('WRITER_GROUP'),
    readerGroup: env.optional('READER_GROUP'),
    dynamodbEndpoint,
    localCredentials: dynamodbEndpoint !== undefined && env.optional('AWS_ACCESS_KEY_ID') === undefined,
    jwtIssuer,
    jwksUri,
    jwks,
  };
});
