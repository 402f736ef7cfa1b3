import { httpHandler } from '@file-sla/shared-middleware';
import { toAuthRequest, type AuthRequestBody } from './auth-request.js';
import { defaultDependencies, type Dependencies } from './dependencies.js';
import { manifest } from './lambda.js';
import { problemOptions } from './problem-options.js';

/**
 * The auth function's HTTP entry on its dependencies: `POST /auth`, a username with a password, a
 * refresh token, or a new password + session → tokens.
 *
 * @example
 * ```ts
 * const handler = createHandler({ ...defaultDependencies(), authenticator: async () => tokens });
 * ```
 */
export const createHandler = ({ config, logger, authenticator }: Dependencies) =>
  httpHandler(manifest, {
    config,
    logger,
    problems: problemOptions,
    secrets: ({ clientSecret }) => [clientSecret],
    routes: {
      login: async (request: { body: AuthRequestBody }, context) => ({ statusCode: 200, body: await authenticator(toAuthRequest(request.body), context.secrets) }),
    },
  });

/** The handler Lambda invokes, wired once per container. */
const dependencies = defaultDependencies();
// What the SDK does on its first call, done now (the command answered in-process), and the connection opened: see `warmUp`.
await dependencies.warmUp?.();
export const handler = createHandler(dependencies);
