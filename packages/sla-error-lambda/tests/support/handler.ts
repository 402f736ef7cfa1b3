import type * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import { jest } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { type Env, setEnv } from './env.js';
import { lambdaContext, slaEvent, type SlaEventOptions } from './events.js';

/** A freshly loaded SLA error function, the SDK module it uses and the mock on its DynamoDB client. */
export interface LoadedHandler {
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<HttpResponse>;
  /**
   * `@aws-sdk/client-dynamodb` as the handler loaded it: take commands from here for `on` and
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
 * Loads `src/handler.js` as a cold start does, with `env` as the environment (`config.ts` reads it
 * at import). The module registry is reset first, so the SDK is loaded afresh and mocked here.
 */
export const loadHandler = async (env: Env): Promise<LoadedHandler> => {
  const restoreEnv = setEnv(env);
  jest.resetModules();
  const sdk = await import('@aws-sdk/client-dynamodb');
  const ddb = mockClient(sdk.DynamoDBClient);
  const { handler } = await import('../../src/handler.js');
  return {
    handler,
    sdk,
    ddb,
    invoke: (options) => handler(slaEvent(options), lambdaContext()),
    dispose: () => {
      ddb.restore();
      restoreEnv();
    },
  };
};
