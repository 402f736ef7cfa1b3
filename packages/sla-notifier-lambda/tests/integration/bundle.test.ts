import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { DEMO_ACCOUNT, freePort, startLocalStack, type LocalStack } from '@file-sla/local-stack';

// Through the built bundle (dist/sla-notifier-lambda.zip), as `pnpm start` serves it: the local stack's
// gateway, this function's own environment from its manifest, a real access token of the Cognito
// emulator for the demo account.

let stack: LocalStack;
let accessToken: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: await freePort(), cognitoPort: await freePort(), dynamodbPort: await freePort(), dynamodb: 'embedded', persist: false, log: () => undefined });
  const { endpoint, clientId, clientSecret } = stack.cognito;
  const cognito = new CognitoIdentityProviderClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const secretHash = createHmac('sha256', clientSecret).update(`${DEMO_ACCOUNT.username}${clientId}`).digest('base64');
  const login = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: DEMO_ACCOUNT.username, PASSWORD: DEMO_ACCOUNT.password, SECRET_HASH: secretHash },
    }),
  );
  cognito.destroy();
  accessToken = login.AuthenticationResult?.AccessToken ?? '';
}, 120_000);

afterAll(() => stack?.stop());

const post = (body: unknown, token?: string) =>
  fetch(`${stack.url}/sla-notifier`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('dist/sla-notifier-lambda.zip behind the local gateway', () => {
  it('is one of the functions the stack runs', () => {
    expect(stack.functions).toContain('sla-notifier-lambda');
  });

  it('answers 200 for a valid access token', async () => {
    const response = await post({ message: 'hello' }, accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'hello', receivedBy: DEMO_ACCOUNT.username });
  });

  it('answers 401 without a token, and for a token that is not one of the pool', async () => {
    expect((await post({ message: 'hello' })).status).toBe(401);
    const [header = '', payload = ''] = accessToken.split('.');
    expect((await post({ message: 'hello' }, `${header}.${payload}.c2lnbmF0dXJl`)).status).toBe(401);
  });
});
