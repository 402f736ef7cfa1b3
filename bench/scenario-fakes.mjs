// Fake endpoints a scenario declares for itself (`fakeEndpoints`: a LocalRef → how to answer),
// each on a free port of 127.0.0.1, counting the requests it answers. The built-in fakes
// (fake-aws.mjs) cover DynamoDB, Cognito and the JWKS; a function that calls something else (e.g.
// SNS) brings its own answer in its scenario file, with no change to the bench. A connection
// request (the `GET /` of a function's warm-up) is answered by the bench and counted apart.
import { createServer } from 'node:http';
import { closeServers, CONNECTION_ANSWER, isConnectionRequest } from './fake-aws.mjs';

/**
 * @param {Record<string, (request: { method: string, url: string, headers: object }, body: Buffer) => { status?: number, headers?: Record<string, string>, body?: string }>} [fakeEndpoints]
 * @returns {Promise<{ endpoints: Record<string, string>, counts: () => Record<string, number>, connections: () => number, close: () => Promise<void> }>}
 *   `counts`: the requests each endpoint answered; `connections`: the connection requests of all of them
 */
export const startScenarioFakes = async (fakeEndpoints = {}) => {
  const servers = [];
  const endpoints = {};
  const counts = {};
  let connections = 0;
  for (const [ref, answer] of Object.entries(fakeEndpoints)) {
    counts[ref] = 0;
    const server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        if (isConnectionRequest(request)) {
          connections += 1;
          response.writeHead(CONNECTION_ANSWER.status, CONNECTION_ANSWER.headers).end(CONNECTION_ANSWER.bytes);
          return;
        }
        counts[ref] += 1;
        const { status = 200, headers = {}, body = '' } = answer({ method: request.method, url: request.url, headers: request.headers }, Buffer.concat(chunks));
        response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
      });
    });
    server.keepAliveTimeout = 120_000;
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    servers.push(server);
    endpoints[ref] = `http://127.0.0.1:${server.address().port}`;
  }
  return {
    endpoints,
    counts: () => ({ ...counts }),
    connections: () => connections,
    close: () => closeServers(servers),
  };
};
