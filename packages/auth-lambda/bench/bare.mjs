// The bare baseline of auth-lambda's password login: no Middy, no shared stack. Parses the JSON
// body, checks it minimally, computes SECRET_HASH and sends InitiateAuth with a plainly
// configured client. Bundled by bench/bare-bundle.mjs like the real function.
import { createHmac } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

const { AWS_REGION, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET, COGNITO_ENDPOINT } = process.env;
const client = new CognitoIdentityProviderClient({ region: AWS_REGION, ...(COGNITO_ENDPOINT ? { endpoint: COGNITO_ENDPOINT } : {}) });

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * `POST /auth` with `{ username, password }` → tokens.
 * @param {{ body?: string, isBase64Encoded?: boolean }} event - API Gateway HTTP API event
 * @returns {Promise<{ statusCode: number, headers: Record<string, string>, body: string }>}
 */
export const handler = async (event) => {
  let body;
  try {
    body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''));
  } catch {
    return json(400, { message: 'The request body is not valid JSON.' });
  }
  const username = typeof body?.username === 'string' ? body.username.trim() : '';
  const password = body?.password;
  if (username === '' || typeof password !== 'string' || password === '') return json(400, { message: 'Send {"username","password"}.' });

  const parameters = { USERNAME: username, PASSWORD: password };
  if (COGNITO_CLIENT_SECRET) parameters.SECRET_HASH = createHmac('sha256', COGNITO_CLIENT_SECRET).update(username + COGNITO_CLIENT_ID).digest('base64');
  try {
    const answer = await client.send(new InitiateAuthCommand({ ClientId: COGNITO_CLIENT_ID, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: parameters }));
    const result = answer.AuthenticationResult;
    if (!result?.AccessToken) return json(401, { message: 'Authentication challenge required.' });
    return json(200, {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      expiresIn: result.ExpiresIn ?? 3600,
      tokenType: 'Bearer',
    });
  } catch (error) {
    return error?.name === 'NotAuthorizedException' ? json(401, { message: 'Incorrect username or password.' }) : json(500, { message: 'Internal server error' });
  }
};
