import { describe, expect, it } from '@jest/globals';
import { parsePreloadedJwks } from '../../../src/jwt/preloaded-jwks.js';
import { generateRsaKey } from '../../support/jwt-fixtures.js';

const key = generateRsaKey('key-1');

describe('parsePreloadedJwks', () => {
  it('reads a JWKS document', () => {
    const jwks = { keys: [key.jwk, generateRsaKey('key-2').jwk] };
    expect(parsePreloadedJwks(JSON.stringify(jwks))).toEqual({ jwks });
  });

  it.each([undefined, '', '   '])('none configured (%p): no JWKS, no problem', (raw) => {
    expect(parsePreloadedJwks(raw)).toEqual({ jwks: undefined });
  });

  it.each([
    ['not JSON', '{"keys": [', /^not JSON/],
    ['JSON, not a JWKS (no keys)', '{"kid":"x"}', /^not a JWKS .*keys/],
    ['JSON, not a JWKS (an array)', '[1,2]', /^not a JWKS/],
    ['keys not an array', '{"keys":{}}', /^not a JWKS .*array/],
    ['a key without kty', '{"keys":[{"kid":"a","n":"x","e":"AQAB"}]}', /^not a JWKS .*kty/],
    ['no keys', '{"keys":[]}', /without keys/],
    ['EC key material that does not import', JSON.stringify({ keys: [key.jwk, { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'ec-1' }] }), /^key 1 \(kid "ec-1"\) is not a usable public key/],
    ['an RSA modulus cut short', JSON.stringify({ keys: [{ ...key.jwk, n: String(key.jwk.n).slice(0, 200) }] }), /^key 0 \(kid "key-1"\) is not a usable public key \(RSA modulus of \d+ bits/],
  ])('%s: ignored, with the reason', (_what, raw, reason) => {
    const result = parsePreloadedJwks(raw);
    expect(result.jwks).toBeUndefined();
    expect(result.problem).toMatch(reason);
  });

  it('names the defect, never the configured value', () => {
    const secretLooking = '{"keys": [ "eyJhbGciOiJSUzI1NiJ9.e30.c2ln" ';
    expect(parsePreloadedJwks(secretLooking).problem).not.toContain('eyJhbGciOiJSUzI1NiJ9');
  });
});
