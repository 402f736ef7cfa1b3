import type { ProblemOptions } from '@file-sla/shared-middleware';

/** The base URI of every problem `type` this service answers with. */
export const PROBLEM_TYPE_BASE = 'https://file-sla-errors.dev/problems/';

/**
 * What this service's answers say about problems: where their types live, and that tokens come
 * from `POST /auth` (named in every `401` for a missing or expired token).
 */
export const problemOptions: ProblemOptions = { typeBase: PROBLEM_TYPE_BASE, login: 'POST /auth' };
