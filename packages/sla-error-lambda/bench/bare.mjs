// The bare baseline of sla-error-lambda's `POST /sla-errors` (one item): no Middy, no shared
// stack. Verifies the Bearer token with aws-jwt-verify's JwtVerifier (once per token, as the
// real handler does; the JWKS preloaded from COGNITO_JWKS when set, as the real handler does), parses and checks the body minimally, computes the same record and sends the
// same conditional PutItemCommand (the record marshalled with util-dynamodb) with a plainly
// configured client. Bundled by bench/bare-bundle.mjs like the real function.
import { createHash } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const env = process.env;
const TABLE = env.DYNAMODB_TABLE ?? 'FileSlaErrors';
const RETENTION_SECONDS = 400 * 86_400;
const ERROR_TYPES = new Set(['MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER']);
const REQUIRED = ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'];

const MARSHALL_OPTIONS = { removeUndefinedValues: true };

const client = new DynamoDBClient({ region: env.AWS_REGION, ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}) });

const verifier = JwtVerifier.create(
  {
    issuer: env.JWT_ISSUER,
    jwksUri: env.JWKS_URI,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access' || payload.client_id !== env.COGNITO_CLIENT_ID) throw new Error('Not an access token of this client');
    },
  },
  // aws-jwt-verify's own fetcher speaks https only; the fake JWKS is http.
  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } }) },
);
if (env.COGNITO_JWKS) verifier.cacheJwks(JSON.parse(env.COGNITO_JWKS));

// The reuse the real handler makes: a token verified once is accepted again until it expires.
const accepted = new Map();
const verify = async (token) => {
  const known = accepted.get(token);
  if (known && known.exp * 1000 > Date.now()) return known;
  const claims = await verifier.verify(token);
  if (accepted.size >= 1000) accepted.delete(accepted.keys().next().value);
  accepted.set(token, claims);
  return claims;
};

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const toIso = (value) => {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
};

/**
 * `POST /sla-errors` with one SLA error → `{ errorId, status, createdAt }`.
 * @param {{ headers?: Record<string, string>, body?: string, isBase64Encoded?: boolean, requestContext?: { requestId?: string } }} event
 * @returns {Promise<{ statusCode: number, headers: Record<string, string>, body: string }>}
 */
export const handler = async (event) => {
  const authorization = event.headers?.authorization ?? '';
  if (!/^bearer /i.test(authorization)) return json(401, { message: 'Missing access token.' });
  let claims;
  try {
    claims = await verify(authorization.slice(7).trim());
  } catch {
    return json(401, { message: 'The access token is invalid.' });
  }
  if (env.WRITER_GROUP && !claims['cognito:groups']?.includes(env.WRITER_GROUP)) return json(403, { message: 'Forbidden' });

  let input;
  try {
    input = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''));
  } catch {
    return json(400, { message: 'The request body is not valid JSON.' });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return json(400, { message: 'Send one SLA error object.' });
  for (const field of REQUIRED) {
    if (typeof input[field] !== 'string' || input[field].trim() === '') return json(400, { message: `${field} is required` });
  }
  const slaDeadline = toIso(input.slaDeadline);
  if (!slaDeadline || !ERROR_TYPES.has(input.errorType)) return json(400, { message: 'Invalid slaDeadline or errorType' });

  const now = new Date();
  const createdAt = now.toISOString();
  const errorId = createHash('sha256').update(JSON.stringify([input.sourceSystem, input.fileName, slaDeadline, input.errorType])).digest('hex').slice(0, 32);
  const record = {
    ...input,
    slaDeadline,
    errorId,
    severity: input.severity ?? 'MEDIUM',
    detectedAt: toIso(input.detectedAt) ?? createdAt,
    submittedBy: claims.username,
    clientId: claims.client_id,
    createdAt,
    requestId: event.requestContext?.requestId ?? 'unknown',
    fileKey: `${input.sourceSystem}#${input.fileName}`,
    deadlineDay: slaDeadline.slice(0, 10),
    deadlineSort: `${slaDeadline}#${errorId}`,
    expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
  };
  try {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: marshall(record, MARSHALL_OPTIONS),
        ConditionExpression: 'attribute_not_exists(errorId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return json(200, { errorId, status: 'created', createdAt });
  } catch (error) {
    if (error?.name !== 'ConditionalCheckFailedException') return json(500, { message: 'Internal server error' });
    const existing = error.Item?.createdAt ? unmarshall({ createdAt: error.Item.createdAt }).createdAt : undefined;
    return json(200, { errorId, status: 'duplicate', createdAt: typeof existing === 'string' ? existing : createdAt });
  }
};
