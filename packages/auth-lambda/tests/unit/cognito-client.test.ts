import { describe, expect, it } from '@jest/globals';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoClient } from '../../src/cognito-client.js';
import type { AuthConfig } from '../../src/config.js';

const config: AuthConfig = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'client123',
  clientSecret: 's3cr3t',
  cognitoEndpoint: undefined,
};

describe('createCognitoClient', () => {
  it('targets the configured region with 3 attempts in all, in standard retry mode whatever AWS_RETRY_MODE says', async () => {
    const before = process.env.AWS_RETRY_MODE;
    process.env.AWS_RETRY_MODE = 'adaptive';
    const client = createCognitoClient(config);
    try {
      // Read while the variable is set: the SDK resolves the mode on first use.
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    } finally {
      if (before === undefined) delete process.env.AWS_RETRY_MODE;
      else process.env.AWS_RETRY_MODE = before;
    }
    expect(client).toBeInstanceOf(CognitoIdentityProviderClient);
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(3);
    expect(client.config.isCustomEndpoint).toBe(false);
    client.destroy();
  });

  it('uses COGNITO_ENDPOINT when set (local emulator)', async () => {
    const client = createCognitoClient({ ...config, cognitoEndpoint: 'http://127.0.0.1:9229' });
    expect(client.config.isCustomEndpoint).toBe(true);
    const endpoint = await client.config.endpoint!();
    expect(endpoint).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 9229 });
    client.destroy();
  });
});
