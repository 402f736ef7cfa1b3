import { SNSClient } from '@aws-sdk/client-sns';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { SlaNotifierConfig } from './config.js';

/** Retry and time-out settings: 3 attempts (standard mode, with back-off, throttling included), short time-outs. */
export const SNS_CLIENT_SETTINGS = {
  maxAttempts: 3,
  retryMode: 'standard',
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 5_000,
} as const;

/**
 * The container's one SNS client. Credentials come from the environment only (what Lambda
 * provides); on the local stack, static dummy ones and the topic sink's endpoint.
 *
 * @example
 * ```ts
 * const sns = createSnsClient(configValue(config));
 * ```
 */
export const createSnsClient = (config: SlaNotifierConfig): SNSClient =>
  new SNSClient({
    region: config.region,
    maxAttempts: SNS_CLIENT_SETTINGS.maxAttempts,
    retryMode: SNS_CLIENT_SETTINGS.retryMode,
    requestHandler: {
      connectionTimeout: SNS_CLIENT_SETTINGS.connectionTimeoutMs,
      requestTimeout: SNS_CLIENT_SETTINGS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    credentials: config.localCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : fromEnv(),
    ...(config.snsEndpoint ? { endpoint: config.snsEndpoint } : {}),
  });
