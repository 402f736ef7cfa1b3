// Fake AWS endpoints on 127.0.0.1 (node:http): DynamoDB, Cognito user pools and a JWKS, each
// answering from canned JSON and counting what it was asked. A request with the header
// `x-bench-probe` is answered like the real one but counted apart (the plain round-trip probe), and
// so is `GET /`, which the functions send at init to open their connection (`connections`).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { crc32 } from 'node:zlib';

const DYNAMODB_TYPE = 'application/x-amz-json-1.0';
const COGNITO_TYPE = 'application/x-amz-json-1.1';

/** A stored SLA error as DynamoDB returns it (attribute values marshalled). */
const CANNED_ITEM = {
  errorId: { S: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
  fileName: { S: 'daily-report.csv' },
  sourceSystem: { S: 'SAP' },
  slaDeadline: { S: '2026-11-24T06:00:00.000Z' },
  errorType: { S: 'MISSING' },
  errorMessage: { S: 'File not received by the deadline' },
  severity: { S: 'HIGH' },
  detectedAt: { S: '2026-11-24T06:05:00.000Z' },
  submittedBy: { S: 'svc-monitor' },
  clientId: { S: 'bench-client' },
  createdAt: { S: '2026-11-24T06:05:01.000Z' },
  requestId: { S: 'KxQ3sjBfoAMEVZw=' },
  fileKey: { S: 'SAP#daily-report.csv' },
  deadlineDay: { S: '2026-11-24' },
  deadlineSort: { S: '2026-11-24T06:00:00.000Z#0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
};

/** A canned answer: status, content type and body, with the body's CRC32 as DynamoDB sends it. */
const answer = (status, contentType, body, extraHeaders = {}) => {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { status, bytes, headers: { 'content-type': contentType, 'content-length': String(bytes.length), 'x-amz-crc32': String(crc32(bytes)), ...extraHeaders } };
};

const DYNAMODB_ANSWERS = {
  PutItem: answer(200, DYNAMODB_TYPE, {}),
  GetItem: answer(200, DYNAMODB_TYPE, { Item: CANNED_ITEM }),
  Query: answer(200, DYNAMODB_TYPE, { Items: [CANNED_ITEM], Count: 1, ScannedCount: 1 }),
};
const CONDITION_FAILED = answer(
  400,
  DYNAMODB_TYPE,
  { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: CANNED_ITEM },
  { 'x-amzn-errortype': 'ConditionalCheckFailedException:' },
);
const unknownOperation = (type) =>
  answer(400, type, { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Unknown operation' }, { 'x-amzn-errortype': 'UnknownOperationException:' });

/**
 * Whether `request` is the `GET /` a function sends at init to open its connection (AWS endpoints
 * answer it unsigned: DynamoDB with `healthy: <endpoint>`).
 * @param {{ method?: string, url?: string }} request
 * @returns {boolean}
 */
export const isConnectionRequest = (request) => request.method === 'GET' && request.url === '/';

/** What the fakes answer a connection request with. */
export const CONNECTION_ANSWER = answer(200, 'text/plain', 'healthy: bench');

/**
 * Reads the whole request body, then answers; a connection request (`GET /`) is answered with
 * {@link CONNECTION_ANSWER} and counted in `connections` under `name`.
 */
const serve = (name, connections, handle) =>
  createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const connection = isConnectionRequest(request);
      if (connection) connections[name] += 1;
      const { status, bytes, headers } = connection ? CONNECTION_ANSWER : handle(request, Buffer.concat(chunks));
      response.writeHead(status, { ...headers, 'x-amzn-requestid': randomUUID() });
      response.end(bytes);
    });
  });

const listen = (server) =>
  new Promise((resolve, reject) => {
    server.keepAliveTimeout = 120_000;
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });

/** The operation named by `X-Amz-Target` (`DynamoDB_20120810.PutItem` → `PutItem`). */
const operationOf = (request) => String(request.headers['x-amz-target'] ?? '').split('.').pop();

/** Closes every server, dropping kept-alive connections. */
export const closeServers = (servers) =>
  Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  ).then(() => undefined);

/**
 * Starts the three fakes on free ports of 127.0.0.1.
 * Tokens signed for the issuer can only be made once its port is known: set them with `setTokens`.
 * @param {{ duplicateShare: number, jwks: object, userPoolId: string }} options
 *   `duplicateShare`: share (0..1) of PutItem calls refused with ConditionalCheckFailedException, spread evenly;
 *   `jwks`: the key set served; `userPoolId`: the issuer's path.
 * @returns {Promise<{ dynamodbEndpoint: string, cognitoEndpoint: string, issuer: string, jwksUri: string, setTokens: (tokens: { accessToken: string, idToken: string, refreshToken: string }) => void, counts: () => object, close: () => Promise<void> }>}
 */
export const startFakeAws = async ({ duplicateShare, jwks, userPoolId }) => {
  const counts = {
    dynamodb: { PutItem: 0, GetItem: 0, Query: 0, conditionalCheckFailed: 0, other: 0 },
    cognito: { InitiateAuth: 0, RespondToAuthChallenge: 0, other: 0 },
    jwks: { fetches: 0, other: 0 },
    probes: { dynamodb: 0, cognito: 0 },
    connections: { dynamodb: 0, cognito: 0, jwks: 0 },
  };

  let owed = 0;
  const dynamodb = serve('dynamodb', counts.connections, (request) => {
    const operation = operationOf(request);
    if (request.headers['x-bench-probe']) {
      counts.probes.dynamodb += 1;
      return DYNAMODB_ANSWERS.PutItem;
    }
    const canned = DYNAMODB_ANSWERS[operation];
    if (!canned) {
      counts.dynamodb.other += 1;
      return unknownOperation(DYNAMODB_TYPE);
    }
    counts.dynamodb[operation] += 1;
    if (operation === 'PutItem' && duplicateShare > 0) {
      owed += duplicateShare;
      if (owed >= 1) {
        owed -= 1;
        counts.dynamodb.conditionalCheckFailed += 1;
        return CONDITION_FAILED;
      }
    }
    return canned;
  });

  const authenticatedWith = ({ accessToken, idToken, refreshToken }) =>
    answer(200, COGNITO_TYPE, {
      AuthenticationResult: { AccessToken: accessToken, IdToken: idToken, RefreshToken: refreshToken, ExpiresIn: 3600, TokenType: 'Bearer' },
      ChallengeParameters: {},
    });
  let authenticated = authenticatedWith({ accessToken: 'not-set', idToken: 'not-set', refreshToken: 'not-set' });
  const cognito = serve('cognito', counts.connections, (request) => {
    if (request.headers['x-bench-probe']) {
      counts.probes.cognito += 1;
      return authenticated;
    }
    const operation = operationOf(request);
    if (operation === 'InitiateAuth' || operation === 'RespondToAuthChallenge') {
      counts.cognito[operation] += 1;
      return authenticated;
    }
    counts.cognito.other += 1;
    return unknownOperation(COGNITO_TYPE);
  });

  const jwksAnswer = answer(200, 'application/json', jwks);
  const notFound = answer(404, 'application/json', { message: 'Not found' });
  const jwksServer = serve('jwks', counts.connections, (request) => {
    if (request.method === 'GET' && request.url === `/${userPoolId}/.well-known/jwks.json`) {
      counts.jwks.fetches += 1;
      return jwksAnswer;
    }
    counts.jwks.other += 1;
    return notFound;
  });

  const servers = [dynamodb, cognito, jwksServer];
  const [dynamodbPort, cognitoPort, jwksPort] = await Promise.all(servers.map(listen));
  const issuer = `http://127.0.0.1:${jwksPort}/${userPoolId}`;
  return {
    dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}`,
    cognitoEndpoint: `http://127.0.0.1:${cognitoPort}`,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    setTokens: (tokens) => {
      authenticated = authenticatedWith(tokens);
    },
    counts: () => structuredClone(counts),
    close: () => closeServers(servers),
  };
};

/**
 * What the endpoints counted between two `counts()` snapshots.
 * @param {object} after
 * @param {object} before
 * @returns {object} the same shape, each counter `after − before`
 */
export const diffCounts = (after, before) =>
  Object.fromEntries(
    Object.entries(after).map(([endpoint, counts]) => [
      endpoint,
      Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, value - before[endpoint][name]])),
    ]),
  );

/**
 * Two `counts()`-shaped objects added up.
 * @param {object} a
 * @param {object} b
 * @returns {object}
 */
export const sumCounts = (a, b) =>
  Object.fromEntries(Object.entries(a).map(([endpoint, counts]) => [endpoint, Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, value + b[endpoint][name]]))]));

/**
 * All requests a `counts()`-shaped object holds for the given endpoints (`conditionalCheckFailed`
 * is a share of `PutItem`, not counted again); the warm-ups' `GET /` only when `connections` is named.
 * @param {object} counts
 * @param {string[]} endpoints - e.g. `['dynamodb', 'cognito']`
 * @returns {number}
 */
export const requestsTo = (counts, endpoints) =>
  endpoints.reduce(
    (total, endpoint) => total + Object.entries(counts[endpoint]).reduce((sum, [name, value]) => (name === 'conditionalCheckFailed' ? sum : sum + value), 0),
    0,
  );
