import { badRequest, canonicalizeKeys } from '@file-sla/shared-middleware';

/** The three ways to obtain tokens. */
export type AuthRequest =
  | { flow: 'password'; username: string; password: string }
  | { flow: 'refresh'; username: string; refreshToken: string }
  | { flow: 'new-password'; username: string; newPassword: string; session: string };

/** The body once validated against `authRequestSchema`. */
export interface AuthRequestBody {
  username: string;
  password?: string;
  refreshToken?: string;
  newPassword?: string;
  session?: string;
}

const FIELDS = ['username', 'password', 'refreshToken', 'newPassword', 'session'] as const;

/**
 * Before validation: property names matched case-insensitively (`Username`, `PASSWORD`), the
 * username trimmed. Passwords, tokens and sessions are taken exactly as sent.
 */
export const normalizeAuthBody = (body: unknown): unknown => {
  const out = canonicalizeKeys(body, FIELDS);
  if (typeof out === 'object' && out !== null && !Array.isArray(out)) {
    const record = out as Record<string, unknown>;
    if (typeof record.username === 'string') record.username = record.username.trim();
  }
  return out;
};

const USAGE =
  'Send {"username","password"} to log in, {"username","refreshToken"} to refresh, or ' +
  '{"username","newPassword","session"} to set a new password after a new-password-required answer.';

/** Decides which flow a validated body asks for; anything ambiguous is `400`. */
export const toAuthRequest = (body: AuthRequestBody): AuthRequest => {
  const { username, password, refreshToken, newPassword, session } = body;
  const given = [password, refreshToken, newPassword ?? session].filter((value) => value !== undefined).length;
  if (given !== 1) throw badRequest(`${given === 0 ? 'No credential given' : 'Several credentials given'}. ${USAGE}`);
  if (password !== undefined) return { flow: 'password', username, password };
  if (refreshToken !== undefined) return { flow: 'refresh', username, refreshToken };
  if (newPassword === undefined || session === undefined) {
    throw badRequest(`"newPassword" and "session" go together. ${USAGE}`);
  }
  return { flow: 'new-password', username, newPassword, session };
};
