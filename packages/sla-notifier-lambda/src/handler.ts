import { httpHandler, InternalError, type HttpRequest } from '@file-sla/shared-middleware';
import { defaultDependencies, type Dependencies } from './dependencies.js';
import { manifest } from './lambda.js';
import { reply, type SlaNotifierRequest } from './reply.js';

/**
 * The HTTP entry on its dependencies: `POST /sla-notifier` (a valid access token, a JSON body the
 * schema accepts) → `200` with the reply. Routing, tokens and body validation come from the
 * manifest (`src/lambda.ts`).
 *
 * @example
 * ```ts
 * const handler = createHandler({ ...defaultDependencies(env), verifier: () => fakeVerifier });
 * ```
 */
export const createHandler = ({ config, logger, verifier }: Dependencies) =>
  httpHandler(manifest, {
    config,
    logger,
    verifier,
    routes: {
      post: async (request: HttpRequest<SlaNotifierRequest>, context) => {
        if (!context.auth) throw new InternalError('A protected route ran without verified claims');
        return { statusCode: 200, body: reply(request.body, context.auth.username) };
      },
    },
  });

/** The handler Lambda invokes, wired once per container. */
export const handler = createHandler(defaultDependencies());
