import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { InternalError, type RequestSecrets } from '@file-sla/shared-middleware';
import type { AuthRequest } from './auth-request.js';
import { mapCognitoError } from './cognito-errors.js';
import { challengeRequired } from './errors.js';
import { secretHash } from './secret-hash.js';

/** The `200` body of `POST /auth`. */
export interface TokenResponse {
  accessToken: string;
  idToken: string;
  /** Absent on a refresh: the caller keeps the refresh token it has. */
  refreshToken?: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Which app client the calls are made for. */
export interface AuthenticatorOptions {
  client: CognitoIdentityProviderClient;
  clientId: string;
  clientSecret: string | undefined;
}

/**
 * Logs in against Cognito. `secrets`, when given, learns the `SECRET_HASH` each call sends, so
 * that it is cut out of the log like the request's own secrets.
 */
export type Authenticator = (request: AuthRequest, secrets?: Pick<RequestSecrets, 'add'>) => Promise<TokenResponse>;

/** What Cognito answered: tokens, or a challenge to meet. */
interface CognitoAnswer {
  AuthenticationResult?: AuthenticationResultType | undefined;
  ChallengeName?: string | undefined;
  Session?: string | undefined;
}

const toTokens = (answer: CognitoAnswer): TokenResponse => {
  const result = answer.AuthenticationResult;
  if (!result) {
    if (answer.ChallengeName) throw challengeRequired(answer.ChallengeName, answer.Session);
    throw new InternalError('Cognito answered neither tokens nor a challenge');
  }
  if (!result.AccessToken || !result.IdToken) throw new InternalError('Cognito answered without tokens');
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? 3600,
    tokenType: 'Bearer',
  };
};

/**
 * Creates the login logic: password login (`USER_PASSWORD_AUTH`), refresh
 * (`REFRESH_TOKEN_AUTH`) and the `NEW_PASSWORD_REQUIRED` answer (`RespondToAuthChallenge`), each
 * with `SECRET_HASH` when the app client has a secret.
 */
export const createAuthenticator = ({ client, clientId, clientSecret }: AuthenticatorOptions): Authenticator => {
  const withSecretHash = (username: string): { SECRET_HASH?: string } =>
    clientSecret ? { SECRET_HASH: secretHash(clientSecret, username, clientId) } : {};

  const send = (request: AuthRequest): Promise<CognitoAnswer> => {
    const { username } = request;
    switch (request.flow) {
      case 'password':
        return client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: username, PASSWORD: request.password, ...withSecretHash(username) },
          }),
        );
      case 'refresh':
        return client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { USERNAME: username, REFRESH_TOKEN: request.refreshToken, ...withSecretHash(username) },
          }),
        );
      case 'new-password':
        return client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: request.session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: request.newPassword, ...withSecretHash(username) },
          }),
        );
    }
  };

  return async (request, secrets) => {
    secrets?.add(withSecretHash(request.username).SECRET_HASH);
    let answer: CognitoAnswer;
    try {
      answer = await send(request);
    } catch (error) {
      // Classified as Cognito answered, untouched: the logger cuts the request's secrets out of
      // what it writes of the cause, never out of the error the answer depends on.
      throw mapCognitoError(error, request.flow);
    }
    return toTokens(answer);
  };
};
