// Child process: cold start of one function. Loads what the Lambda runtime has loaded before it
// imports a handler, imports the module (its configuration is read from the environment the
// parent set), then makes the first invocation. Timed with performance.now().
// argv: <module file> <invocation JSON: { event, context }> [plain: without what the runtime loads first]
import { pathToFileURL } from 'node:url';
import { sendError, sendResult } from './child-ipc.mjs';
import { loadAsLambdaRuntime } from './lambda-runtime.mjs';

/** A Lambda context from its data fields (as `lambdaContext` of the local stack made them). */
const rehydrateContext = (data) => {
  const started = Date.now();
  return {
    ...data,
    getRemainingTimeInMillis: () => Math.max(0, 10_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

try {
  const [moduleFile, invocationJson, start] = process.argv.slice(2);
  const { event, context } = JSON.parse(invocationJson);
  if (start !== 'plain') loadAsLambdaRuntime();
  const bootMs = performance.now();

  const importStart = performance.now();
  const module = await import(pathToFileURL(moduleFile).href);
  const initMs = performance.now() - importStart;

  const lambdaContext = rehydrateContext(context);
  const requestStart = performance.now();
  const response = await module.handler(event, lambdaContext);
  const firstRequestMs = performance.now() - requestStart;

  sendResult({
    bootMs,
    initMs,
    firstRequestMs,
    statusCode: response?.statusCode,
    body: String(response?.body).slice(0, 1000),
    // The whole answer, for the scenario's ok() (an event function answers e.g. { batchItemFailures }).
    response: JSON.parse(JSON.stringify(response ?? null)),
    maxRssKb: process.resourceUsage().maxRSS,
    // Node's fetch stack (undici): loaded only if something used fetch or a web global that needs it.
    undiciLoaded: process.moduleLoadList.some((name) => name.includes('undici')),
    // Node's web streams and Web Crypto: loaded only if something read `ReadableStream`, `Blob`,
    // `globalThis.crypto` or the like; nothing the functions need.
    webStreamsLoaded: process.moduleLoadList.some((name) => name.includes('internal/webstreams/')),
    webCryptoLoaded: process.moduleLoadList.some((name) => name.includes('internal/crypto/webcrypto')),
  });
} catch (error) {
  sendError(error);
}
