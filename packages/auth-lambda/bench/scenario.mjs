// The bench scenario of auth-lambda (`pnpm bench`, see bench/README.md): what one invocation
// sends, what counts as success, the SDK call the own-work loop answers in-process, and the bare
// baseline. Plain data and functions, no imports: the bench's child processes load it cheaply.

/** @type {import('../../../bench/scenario-types.js').Scenario} */
export const scenario = {
  kind: 'http',
  /** `POST /auth` with a password login (the same account every time). */
  event: (_i, { httpApiEvent, identity }) =>
    httpApiEvent({
      method: 'POST',
      path: '/auth',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1', host: 'api.example.test' },
      body: JSON.stringify({ username: identity.username, password: identity.password }),
    }),
  ok: (response) => response?.statusCode === 200,
  /** The plain round trip the bench compares against: an InitiateAuth-sized POST to the fake Cognito. */
  probe: (identity) => ({
    endpoint: 'cognito',
    target: 'AWSCognitoIdentityProviderService.InitiateAuth',
    contentType: 'application/x-amz-json-1.1',
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: identity.username, PASSWORD: identity.password, SECRET_HASH: 'x'.repeat(44) },
      ClientId: identity.clientId,
    }),
  }),
  /** Own work: the Cognito client's send() answered in-process. */
  sdk: {
    module: '@aws-sdk/client-cognito-identity-provider',
    clientClass: 'CognitoIdentityProviderClient',
    command: 'InitiateAuthCommand',
    answer: (tokens) => ({
      $metadata: { httpStatusCode: 200 },
      AuthenticationResult: { AccessToken: tokens.accessToken, IdToken: tokens.idToken, RefreshToken: tokens.refreshToken, ExpiresIn: 3600, TokenType: 'Bearer' },
      ChallengeParameters: {},
    }),
    sampleInput: { ClientId: 'client', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user', PASSWORD: 'password', SECRET_HASH: 'x'.repeat(44) } },
  },
  verifiesToken: false,
  /** The same login without Middy or the shared stack (bundled like the function). */
  bare: 'bare.mjs',
};
