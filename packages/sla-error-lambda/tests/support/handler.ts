import type * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import type * as LibDynamoDb from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { type Env, setEnv } from './env.js';
import { lambdaContext, slaEvent, type SlaEventOptions } from './events.js';

/** A freshly loaded SLA error function, the SDK modules it uses and the mock on its DynamoDB client. */
export interface LoadedHandler {
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<HttpResponse>;
  /** `@aws-sdk/lib-dynamodb` as the handler loaded it: take commands from here for `commandCalls`. */
  lib: typeof LibDynamoDb;
  /** `@aws-sdk/client-dynamodb` as the handler loaded it: build the SDK's exceptions from here. */
  sdk: typeof ClientDynamoDb;
  /** aws-sdk-client-mock on `DynamoDBDocumentClient` (what the store sends through). */
  ddb: AwsClientStub<LibDynamoDb.DynamoDBDocumentClient>;
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
  const lib = await import('@aws-sdk/lib-dynamodb');
  const ddb = mockClient(lib.DynamoDBDocumentClient);
  const { handler } = await import('../../src/handler.js');
  return {
    handler,
    lib,
    sdk,
    ddb,
    invoke: (options) => handler(slaEvent(options), lambdaContext()),
    dispose: () => {
      ddb.restore();
      restoreEnv();
    },
  };
};
