// What each function is asked in the bench: its Lambda environment and one request, the same for
// the full stack and the bare handler. Plain data, no imports: children load this file cheaply.

/** The user pool and app client the bench pretends to use. */
export const IDENTITY = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEf123',
  clientId: '4k2b7q9m1x3c5v8n6z0a2s4d6f',
  clientSecret: 'bench-client-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  username: 'svc-file-monitor',
  password: 'Correct-Horse-Battery-9!',
  writerGroup: 'sla-writers',
  tableName: 'FileSlaErrors',
};

/**
 * The environment a function sees, as Lambda sets it (region, function name, role credentials)
 * plus its own configuration pointing at the fake endpoints. Nothing is inherited from the bench.
 * @param {string} fn - `auth-lambda` or `sla-error-lambda`
 * @param {{ dynamodbEndpoint: string, cognitoEndpoint: string, issuer: string, jwksUri: string }} endpoints
 * @returns {Record<string, string>}
 */
export const lambdaEnv = (fn, endpoints) => {
  const common = {
    ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    TZ: 'UTC',
    AWS_REGION: IDENTITY.region,
    AWS_DEFAULT_REGION: IDENTITY.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: fn,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/secret/access/key/0123456789abcdefgh',
    AWS_SESSION_TOKEN: 'bench-session-token',
    COGNITO_USER_POOL_ID: IDENTITY.userPoolId,
    COGNITO_CLIENT_ID: IDENTITY.clientId,
  };
  if (fn === 'auth-lambda') {
    return { ...common, COGNITO_CLIENT_SECRET: IDENTITY.clientSecret, COGNITO_ENDPOINT: endpoints.cognitoEndpoint };
  }
  return {
    ...common,
    DYNAMODB_TABLE: IDENTITY.tableName,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    JWT_ISSUER: endpoints.issuer,
    JWKS_URI: endpoints.jwksUri,
    WRITER_GROUP: IDENTITY.writerGroup,
  };
};

/**
 * The HTTP request of invocation `i`: `POST /auth` with a password login, or `POST /sla-errors`
 * with one SLA error (a different file each time) and a valid Bearer token.
 * @param {string} fn
 * @param {number} i
 * @param {string} accessToken - for `sla-error-lambda`
 * @returns {{ method: string, path: string, headers: Record<string, string>, body: string }}
 */
export const requestFor = (fn, i, accessToken) => {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1', host: 'api.example.test' };
  if (fn === 'auth-lambda') {
    return { method: 'POST', path: '/auth', headers, body: JSON.stringify({ username: IDENTITY.username, password: IDENTITY.password }) };
  }
  return {
    method: 'POST',
    path: '/sla-errors',
    headers: { ...headers, authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      fileName: `daily-report-${i}.csv`,
      sourceSystem: 'SAP',
      slaDeadline: '2026-11-24T06:00:00Z',
      errorType: 'MISSING',
      errorMessage: 'File not received by the deadline',
      severity: 'HIGH',
      hostName: 'FILESRV01',
      details: { expectedBy: '06:00', attempts: 3 },
    }),
  };
};

/**
 * A request body of about the size the SDK sends for this function's call (PutItem or
 * InitiateAuth), for the plain round-trip probe.
 * @param {string} fn
 * @returns {{ target: string, contentType: string, body: string }}
 */
export const probeCallFor = (fn) =>
  fn === 'auth-lambda'
    ? {
        target: 'AWSCognitoIdentityProviderService.InitiateAuth',
        contentType: 'application/x-amz-json-1.1',
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: IDENTITY.username, PASSWORD: IDENTITY.password, SECRET_HASH: 'x'.repeat(44) },
          ClientId: IDENTITY.clientId,
        }),
      }
    : {
        target: 'DynamoDB_20120810.PutItem',
        contentType: 'application/x-amz-json-1.0',
        body: JSON.stringify({
          ConditionExpression: 'attribute_not_exists(errorId)',
          Item: Object.fromEntries(
            ['errorId', 'fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage', 'severity', 'hostName', 'detectedAt', 'submittedBy', 'clientId', 'createdAt', 'requestId', 'fileKey', 'deadlineDay', 'deadlineSort'].map(
              (name) => [name, { S: `${name}-value-0123456789abcdef` }],
            ),
          ),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          TableName: IDENTITY.tableName,
        }),
      };
