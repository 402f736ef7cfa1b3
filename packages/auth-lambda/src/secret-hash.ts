import { createHmac } from 'node:crypto';

/**
 * Cognito's `SECRET_HASH`: Base64(HMAC-SHA256(clientSecret, username + clientId)).
 */
export const secretHash = (clientSecret: string, username: string, clientId: string): string =>
  createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
