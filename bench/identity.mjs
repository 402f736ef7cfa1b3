// The user pool, app client, account and table the bench pretends to use. Plain data, no
// imports: children load this file cheaply.

/** The user pool and app client the bench pretends to use. */
export const IDENTITY = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEf123',
  clientId: '4k2b7q9m1x3c5v8n6z0a2s4d6f',
  clientSecret: 'bench-client-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  username: 'svc-file-monitor',
  password: 'Correct-Horse-Battery-9!',
  tableName: 'FileSlaErrors',
};
