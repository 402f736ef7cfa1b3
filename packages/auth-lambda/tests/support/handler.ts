import * as CognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { defaultDependencies } from '../../src/dependencies.js';
import { createHandler } from '../../src/handler.js';
import { authEvent, lambdaContext, type AuthEventOptions } from './events.js';
import { setEnv } from './env.js';

type Sdk = typeof CognitoSdk;

/** An auth function as a container builds it, its Cognito SDK and the mock on that SDK's client. */
export interface LoadedHandler {
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<HttpResponse>;
  /** The SDK module the handler uses: take commands from here for `commandCalls`. */
  sdk: Sdk;
  cognito: AwsStub<CognitoSdk.ServiceInputTypes, CognitoSdk.ServiceOutputTypes, CognitoSdk.CognitoIdentityProviderClientResolvedConfig>;
  /** Invokes the handler with an HTTP API 2.0 event built from `options`. */
  invoke: (options?: AuthEventOptions) => Promise<HttpResponse>;
  /** Restores the SDK and the environment. */
  dispose: () => void;
}

/**
 * Builds the handler as a cold start does — `defaultDependencies` on `env` (the logger reads its
 * settings from the environment, so `env` is also set for the time of the test) — with the
 * Cognito client mocked.
 */
export const loadHandler = async (env: Parameters<typeof setEnv>[0]): Promise<LoadedHandler> => {
  const restoreEnv = setEnv(env);
  const cognito = mockClient(CognitoSdk.CognitoIdentityProviderClient);
  const handler = createHandler(defaultDependencies({ ...env }));
  return {
    handler,
    sdk: CognitoSdk,
    cognito,
    invoke: (options) => handler(authEvent(options), lambdaContext()),
    dispose: () => {
      cognito.restore();
      restoreEnv();
    },
  };
};
