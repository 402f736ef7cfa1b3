import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { secretHash } from '../../src/secret-hash.js';
import { CLIENT_ID, CLIENT_SECRET, SECRET_HASH, USERNAME, expectedSecretHash } from '../support/cognito.js';

describe('secretHash', () => {
  it('is Base64(HMAC-SHA256(clientSecret, username + clientId)), computed independently', () => {
    const independent = createHmac('sha256', 's3cr3t').update('svc-job' + 'client123').digest('base64');
    expect(secretHash('s3cr3t', 'svc-job', 'client123')).toBe(independent);
    expect(secretHash(CLIENT_SECRET, USERNAME, CLIENT_ID)).toBe(expectedSecretHash(CLIENT_SECRET, USERNAME, CLIENT_ID));
  });

  it('matches the value worked out once with openssl (a wrong algorithm or encoding fails here)', () => {
    expect(secretHash('s3cr3t', 'svc-job', 'client123')).toBe('2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=');
    expect(SECRET_HASH).toBe('2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=');
  });

  it('is none of the usual mistakes: key and message swapped, clientId first, hex, plain SHA-256', () => {
    const value = secretHash('s3cr3t', 'svc-job', 'client123');
    expect(value).not.toBe(createHmac('sha256', 'svc-jobclient123').update('s3cr3t').digest('base64'));
    expect(value).not.toBe(createHmac('sha256', 's3cr3t').update('client123svc-job').digest('base64'));
    expect(value).not.toBe(createHmac('sha256', 's3cr3t').update('svc-jobclient123').digest('hex'));
    expect(value).not.toBe(createHash('sha256').update('s3cr3tsvc-jobclient123').digest('base64'));
    // 32 bytes, standard Base64 with padding.
    expect(value).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('depends on every input', () => {
    const base = secretHash('s3cr3t', 'svc-job', 'client123');
    expect(secretHash('s3cr3t!', 'svc-job', 'client123')).not.toBe(base);
    expect(secretHash('s3cr3t', 'svc-job2', 'client123')).not.toBe(base);
    expect(secretHash('s3cr3t', 'svc-job', 'client124')).not.toBe(base);
  });

  it('hashes non-ASCII usernames as UTF-8', () => {
    expect(secretHash('s3cr3t', 'dienst-müller', 'client123')).toBe(expectedSecretHash('s3cr3t', 'dienst-müller', 'client123'));
  });
});
