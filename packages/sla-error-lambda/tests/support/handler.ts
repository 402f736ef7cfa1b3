import * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ConfigError, type ConfigResult, type HttpResponse } from '@file-sla/shared-middleware';
import type { SlaConfig } from '../../src/config.js';
import { defaultDependencies, type Dependencies } from '../../src/dependencies.js';
import { createHandler } from '../../src/handler.js';
import { type Env, setEnv } from './env.js';
import { lambdaContext, slaEvent, type SlaEventOptions } from './events.js';

/** An SLA error function as a container builds it, the SDK module it uses and the mock on its DynamoDB client. */
export interface LoadedHandler {
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<HttpResponse>;
  /**
   * `@aws-sdk/client-dynamodb` as the handler uses it: take commands from here for `on` and
   * `commandCalls`, and build the SDK's exceptions from here.
   */
  sdk: typeof ClientDynamoDb;
  /** aws-sdk-client-mock on `DynamoDBClient` (what the store sends through; items in DynamoDB JSON). */
  ddb: AwsClientStub<ClientDynamoDb.DynamoDBClient>;
  /** Invokes the handler with an HTTP API 2.0 event built from `options`. */
  invoke: (options?: SlaEventOptions) => Promise<HttpResponse>;
  /** Restores the SDK and the environment. */
  dispose: () => void;
}

/**
 * The configuration a deployment with this environment has, for the variables these tests set
 * (how `config.ts` reads every variable is tested in `config.test.ts`).
 */
export const configOf = (env: Env): ConfigResult<SlaConfig> => ({
  ok: true,
  value: {
    region: env.AWS_REGION ?? '',
    userPoolId: env.COGNITO_USER_POOL_ID ?? '',
    clientId: env.COGNITO_CLIENT_ID ?? '',
    tableName: env.DYNAMODB_TABLE ?? 'FileSlaErrors',
    retentionDays: env.RETENTION_DAYS === undefined ? 400 : Number(env.RETENTION_DAYS),
    writerGroup: env.WRITER_GROUP || undefined,
    readerGroup: env.READER_GROUP || undefined,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT,
    localCredentials: env.DYNAMODB_ENDPOINT !== undefined && env.AWS_ACCESS_KEY_ID === undefined,
    jwtIssuer: env.JWT_ISSUER,
    jwksUri: env.JWKS_URI,
  },
});

/** A configuration that failed to load with these problems. */
export const invalidConfig = (...problems: string[]): ConfigResult<SlaConfig> => ({ ok: false, error: new ConfigError(problems) });

/**
 * Builds the handler as a cold start does (`defaultDependencies`) with `env` as the environment
 * (the logger and the SDK's credentials read it) and its configuration — or `config` when given —
 * with DynamoDB mocked; `overrides` replace any dependency (a clock, say).
 */
export const loadHandler = async (env: Env, config: ConfigResult<SlaConfig> = configOf(env), overrides: Partial<Dependencies> = {}): Promise<LoadedHandler> => {
  const restoreEnv = setEnv(env);
  const ddb = mockClient(ClientDynamoDb.DynamoDBClient);
  const handler = createHandler({ ...defaultDependencies(config), ...overrides });
  return {
    handler,
    sdk: ClientDynamoDb,
    ddb,
    invoke: (options) => handler(slaEvent(options), lambdaContext()),
    dispose: () => {
      ddb.restore();
      restoreEnv();
    },
  };
};
