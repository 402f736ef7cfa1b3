import { describe, expect, it } from '@jest/globals';
import { isSecretKey, redactingReplacer, redactText, REDACTED, scrubValues } from '../../src/redact.js';

describe('redactText', () => {
  it('scrubs JSON secret fields from a raw body', () => {
    const raw = '{"Username":"svc@x.io","Password":"Hunter2!","refreshToken":"abc.def"}';
    const out = redactText(raw);
    expect(out).not.toContain('Hunter2!');
    expect(out).not.toContain('abc.def');
    expect(out).toContain('svc@x.io');
  });

  it('scrubs JWTs and bearer values anywhere', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactText(`token was ${jwt} ok`)).toBe(`token was ${REDACTED} ok`);
    expect(redactText('Authorization: Bearer opaque-value')).not.toContain('opaque-value');
  });

  it('scrubs a truncated body as JSON.parse quotes it in its message', () => {
    const message = 'Unexpected token \'}\', "{"password":"s3cret-pa"... is not valid JSON';
    expect(redactText(message)).not.toContain('s3cret');
  });

  it('recognises names written with JSON or URL escapes in text that is not valid JSON', () => {
    const malformed = '[{"\\u0075sername":{"":fal\\u0073e},"\\u0070\\u0061\\u0073\\u0073\\u0077\\u006f\\u0072\\u0064":"PwdMk7qZx"}]';
    expect(() => JSON.parse(malformed)).toThrow();
    expect(redactText(malformed)).not.toContain('PwdMk7qZx');
    expect(redactText('user=a&pass%77ord=PwdMk7qZx&x=1')).toBe(`user=a&password="${REDACTED}"&x=1`);
  });

  it('keeps an escaped quote inside the value instead of ending the value there', () => {
    const out = redactText('{"password":"ab\\u0022cd\\"ef", oops');
    expect(out).not.toMatch(/ab|cd|ef/);
    expect(out).toContain('oops');
  });

  it('redacts an object or array given as a secret value whole, nested brackets and strings included', () => {
    const malformed = '{"password":{"a":{"b":"x}"},"c":"Pwd-1"},"token":["t-1",["t-2"]],"username":"u" trailing';
    const out = redactText(malformed);
    expect(out).not.toMatch(/Pwd-1|t-1|t-2/);
    expect(out).toContain('"username":"u" trailing');
    expect(redactText('{"password":{"value":"Pwd-2"')).not.toContain('Pwd-2');
  });

  it('redacts a bare value up to its separator, a Bearer scheme included', () => {
    expect(redactText('authorization: Bearer abc.def, next')).toBe(`authorization: "${REDACTED}", next`);
    expect(redactText('session=s1; theme=dark')).toBe(`session="${REDACTED}"; theme=dark`);
  });

  it('leaves text without secrets as it was', () => {
    const text = 'fileName=a.csv; sourceSystem: SAP-FI {"severity":"HIGH"} %2F \\u0022';
    expect(redactText(text)).toBe(text);
  });

  it('handles long word runs without a separator (a backtracking pattern would take minutes here)', () => {
    const long = 'a'.repeat(200_000);
    expect(redactText(long)).toBe(long);
    expect(redactText('eyJ'.repeat(70_000))).toBe('eyJ'.repeat(70_000));
    expect(redactText(`${long}password=${long}`)).toBe(`${long}password="${REDACTED}"`);
  });
});

describe('redactingReplacer', () => {
  it('redacts secret-named keys at any depth', () => {
    const entry = { a: { clientSecret: 'x1', headers: { authorization: 'Bearer y' } }, session: 'z', username: 'u' };
    const out = JSON.stringify(entry, redactingReplacer);
    expect(out).not.toMatch(/x1|Bearer y|"z"/);
    expect(JSON.parse(out).username).toBe('u');
  });

  it('decodes a base64 event body before scrubbing it, so its secrets are found too', () => {
    const body = Buffer.from('{"username":"svc","pass\\u0077ord":"Hunter2!"}').toString('base64');
    const out = JSON.stringify({ event: { rawPath: '/auth', body, isBase64Encoded: true } }, redactingReplacer);
    expect(out).not.toContain('Hunter2!');
    expect(out).not.toContain(body);
    expect(JSON.parse(out)).toEqual({ event: { rawPath: '/auth', body: `{"username":"svc","password":"${REDACTED}"}`, isBase64Encoded: false } });
    // A plain body, or anything else with a body, is left as it is.
    expect(JSON.parse(JSON.stringify({ body: 'eyJ4IjoxfQ==', isBase64Encoded: false }, redactingReplacer))).toEqual({ body: 'eyJ4IjoxfQ==', isBase64Encoded: false });
  });

  it('knows which keys are secrets', () => {
    for (const key of ['password', 'newPassword', 'SECRET_HASH', 'accessToken', 'Session', 'Authorization']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['username', 'fileName', 'status', 'expiresIn']) expect(isSecretKey(key)).toBe(false);
  });
});

describe('scrubValues', () => {
  it('cuts every occurrence of each value, the longest first, ignoring empty values', () => {
    expect(scrubValues('sent P@ss-w0rd! twice: P@ss-w0rd!', ['P@ss-w0rd!', ''])).toBe(`sent ${REDACTED} twice: ${REDACTED}`);
    expect(scrubValues('token abc123xyz', ['abc123xyz', 'abc'])).toBe(`token ${REDACTED}`);
    expect(scrubValues('nothing here', ['absent'])).toBe('nothing here');
  });
});
