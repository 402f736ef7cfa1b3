import { createHmac } from 'node:crypto';

/** The service account of the fixtures. */
export const USERNAME = 'svc-job';
export const PASSWORD = 'Tr0ub4dor&3-horse';
export const NEW_PASSWORD = 'C0rrect!Horse-Battery-Staple';
export const CLIENT_ID = 'client123';
export const CLIENT_SECRET = 's3cr3t';

/**
 * `SECRET_HASH` of USERNAME for CLIENT_ID with CLIENT_SECRET, worked out once with
 * `printf svc-jobclient123 | openssl dgst -sha256 -hmac s3cr3t -binary | base64`.
 */
export const SECRET_HASH = '2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=';

/** Cognito's `SECRET_HASH`, computed independently of the code under test. */
export const expectedSecretHash = (secret: string, username: string, clientId: string): string =>
  createHmac('sha256', secret).update(`${username}${clientId}`, 'utf8').digest('base64');

// Token values shaped like Cognito's: JWTs for the access and id token, a JWE for the refresh
// token, an opaque blob for the challenge session.
export const ACCESS_TOKEN =
  'eyJraWQiOiJhY2Nlc3Mta2lkIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJhY2Nlc3Mtc3ViIiwidG9rZW5fdXNlIjoiYWNjZXNzIn0.QWNjZXNzU2lnbmF0dXJlVmFsdWU';
export const ID_TOKEN =
  'eyJraWQiOiJpZC1raWQiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpZC1zdWIiLCJ0b2tlbl91c2UiOiJpZCJ9.SWRTaWduYXR1cmVWYWx1ZQ';
export const REFRESH_TOKEN =
  'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.UmVmcmVzaEtleQ.UmVmcmVzaEl2.UmVmcmVzaENpcGhlcnRleHQ.UmVmcmVzaFRhZw';
export const SESSION =
  'AYABeLQ0mT1rJ9m0v8KXc2ZsVXwAHQABAAdTZXJ2aWNlABBDb2duaXRvVXNlclBvb2xzAAEAB2F3cy1rbXMAS2Fybjphd3M6a21zOmV1LXdlc3QtMQ';

/** An `AuthenticationResult` as Cognito returns it after a password login. */
export const loginResult = {
  AccessToken: ACCESS_TOKEN,
  IdToken: ID_TOKEN,
  RefreshToken: REFRESH_TOKEN,
  ExpiresIn: 3600,
  TokenType: 'Bearer',
};

/** After a refresh, Cognito returns no new refresh token. */
export const refreshResult = { AccessToken: ACCESS_TOKEN, IdToken: ID_TOKEN, ExpiresIn: 3600, TokenType: 'Bearer' };
