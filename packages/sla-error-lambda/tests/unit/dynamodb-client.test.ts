import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { SlaConfig } from '../../src/config.js';
import { createDynamoDbClient, DYNAMODB_CLIENT_SETTINGS, MARSHALL_OPTIONS } from '../../src/dynamodb-client.js';
import { setEnv } from '../support/env.js';

const config: SlaConfig = {
  region: 'eu-central-1',
  userPoolId: 'eu-central-1_AbC123',
  clientId: 'client123',
  tableName: 'FileSlaErrors',
  retentionDays: 400,
  writerGroup: undefined,
  readerGroup: undefined,
  dynamodbEndpoint: undefined,
  localCredentials: false,
  jwtIssuer: undefined,
  jwksUri: undefined,
};

let restore = (): void => undefined;
afterEach(() => restore());

/** The timeouts the client's node http handler was configured with. */
const handlerConfig = async (client: DynamoDBClient): Promise<Record<string, unknown>> =>
  (await (client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }).configProvider) ?? {};

describe('createDynamoDbClient', () => {
  it('a DynamoDB client in the configured region: 3 attempts, standard retries, short time-outs', async () => {
    const client = createDynamoDbClient(config);
    expect(client).toBeInstanceOf(DynamoDBClient);
    expect(await client.config.region()).toBe('eu-central-1');
    expect(await client.config.maxAttempts()).toBe(3);
    expect(await client.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    expect(client.config.isCustomEndpoint).toBe(false);
    expect(await handlerConfig(client)).toMatchObject({ connectionTimeout: 1_000, requestTimeout: 3_000 });
    expect(DYNAMODB_CLIENT_SETTINGS).toEqual({ maxAttempts: 3, retryMode: 'standard', connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 });
  });

  it('marshalls a details object whose names include "constructor" as the map it is', () => {
    // JSON.parse gives such an object an own `constructor` property; marshall would take it for a class instance.
    const details = JSON.parse('{"constructor":1,"toString":"x","hasOwnProperty":null,"valueOf":false}') as Record<string, unknown>;
    expect(() => marshall({ details }, { removeUndefinedValues: true })).toThrow();
    const item = marshall({ details }, MARSHALL_OPTIONS);
    expect(item).toEqual({ details: { M: { constructor: { N: '1' }, toString: { S: 'x' }, hasOwnProperty: { NULL: true }, valueOf: { BOOL: false } } } });
    expect(unmarshall(item)).toEqual({ details });
    for (const falsy of [0, '', false, null]) {
      expect(marshall({ details: { constructor: falsy } }, MARSHALL_OPTIONS).details!.M).toHaveProperty('constructor');
    }
  });

  it('drops undefined attributes when marshalling', () => {
    expect(MARSHALL_OPTIONS).toEqual({ removeUndefinedValues: true, convertClassInstanceToMap: true });
    expect(marshall({ errorId: 'e', hostName: undefined, details: { a: 1, b: undefined } }, MARSHALL_OPTIONS)).toEqual({
      errorId: { S: 'e' },
      details: { M: { a: { N: '1' } } },
    });
  });

  it('takes credentials from the environment only (what Lambda provides)', async () => {
    restore = setEnv({ AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'secret-from-env', AWS_SESSION_TOKEN: 'session-from-env' });
    const client = createDynamoDbClient(config);
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDFROMENV', secretAccessKey: 'secret-from-env', sessionToken: 'session-from-env' });
  });

  it('without credentials in the environment, fails to sign rather than searching the provider chain', async () => {
    restore = setEnv({});
    const client = createDynamoDbClient(config);
    await expect(client.config.credentials()).rejects.toThrow(/environment/i);
  });

  it('local stack: DYNAMODB_ENDPOINT and static dummy credentials', async () => {
    restore = setEnv({});
    const client = createDynamoDbClient({ ...config, region: 'local', dynamodbEndpoint: 'http://127.0.0.1:8000', localCredentials: true });
    expect(client.config.isCustomEndpoint).toBe(true);
    expect(await client.config.endpoint!()).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 8000 });
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'local', secretAccessKey: 'local' });
  });

  it('a plain DynamoDBClient of the same SDK (one @aws-sdk version), not a wrapper', () => {
    const client = createDynamoDbClient(config);
    expect(client.middlewareStack.identify().some((name) => name.includes('serializerMiddleware'))).toBe(true);
    expect(Object.getPrototypeOf(client)).toBe(DynamoDBClient.prototype);
  });
});
