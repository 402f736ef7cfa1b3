/**
 * `POST /auth` body: a username plus exactly one of a password, a refresh token, or a new
 * password with the challenge session (which one is decided in `auth-request.ts`).
 */
export const authRequestSchema = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128, pattern: '^\\S+$' },
    password: { type: 'string', minLength: 1, maxLength: 256 },
    refreshToken: { type: 'string', minLength: 1, maxLength: 4096 },
    newPassword: { type: 'string', minLength: 1, maxLength: 256 },
    session: { type: 'string', minLength: 1, maxLength: 4096 },
  },
  required: ['username'],
  additionalProperties: false,
} as const;
