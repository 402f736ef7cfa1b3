// What the Lambda Node.js runtime has done in the process before it imports the function's module.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads the Node.js modules that the Lambda Node.js runtime loads before it imports a handler, so
 * that a cold start here does not charge the function's init for them. The managed runtime runs
 * the runtime interface client (github.com/aws/aws-lambda-nodejs-runtime-interface-client,
 * `src/`): `RAPIDClient.js` requires `http` and builds an `http.Agent` (keep-alive, one socket)
 * for the Runtime API, `LogPatch.js` requires `util` and `fs`, `InvokeContext.js` `assert`,
 * `ResponseStream.js` `net`, `UserFunction.js` `path` and `fs` — all before `UserFunction.load()`
 * imports the handler. What the function needs beyond them (`https`, `tls`, `crypto`, …) is still
 * paid in its init.
 *
 * @example
 * ```js
 * loadAsLambdaRuntime();
 * const module = await import(handlerUrl); // timed: the function's own init
 * ```
 */
export const loadAsLambdaRuntime = () => {
  for (const name of ['node:util', 'node:fs', 'node:assert', 'node:net', 'node:path']) require(name);
  const http = require('node:http');
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
};
