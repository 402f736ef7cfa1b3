import type * as CognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import { jest } from '@jest/globals';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { authEvent, lambdaContext, type AuthEventOptions } from './events.js';
import { setEnv } from './env.js';

type Sdk = typeof CognitoSdk;

/** A freshly loaded auth function, its Cognito SDK and the mock on that SDK's client. */
export interface LoadedHandler {
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<HttpResponse>;
  /** The SDK module instance the handler uses: take commands from here for `commandCalls`. */
  sdk: Sdk;
  cognito: AwsStub<CognitoSdk.ServiceInputTypes, CognitoSdk.ServiceOutputTypes, CognitoSdk.CognitoIdentityProviderClientResolvedConfig>;
  /** Invokes the handler with an HTTP API 2.0 event built from `options`. */
  invoke: (options?: AuthEventOptions) => Promise<HttpResponse>;
  /** Restores the SDK and the environment. */
  dispose: () => void;
}

/**
 * Loads `src/handler.js` as a cold start does, with `env` as the environment (`config.ts` reads it
 * at import). The module registry is reset first, so the SDK is loaded afresh too and mocked here.
 */
export const loadHandler = async (env: Parameters<typeof setEnv>[0]): Promise<LoadedHandler> => {
  const restoreEnv = setEnv(env);
  jest.resetModules();
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const cognito = mockClient(sdk.CognitoIdentityProviderClient);
  const { handler } = await import('../../src/handler.js');
  return {
    handler,
    sdk,
    cognito,
    invoke: (options) => handler(authEvent(options), lambdaContext()),
    dispose: () => {
      cognito.restore();
      restoreEnv();
    },
  };
};
