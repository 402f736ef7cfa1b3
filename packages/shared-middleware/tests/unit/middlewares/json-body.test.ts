import { describe, expect, it } from '@jest/globals';
import type { HttpRequest } from '../../../src/http-types.js';
import { HttpError, type HttpProblem } from '../../../src/errors.js';
import { jsonBody } from '../../../src/middlewares/json-body.js';
import { httpRequest, middyRequest } from '../../support/http-events.js';

const KiB = 1024;

const parse = (overrides: Partial<HttpRequest>, maxBytes?: number): HttpRequest => {
  const request = middyRequest(httpRequest(overrides));
  void jsonBody(maxBytes === undefined ? {} : { maxBytes }).before!(request);
  return request.event;
};

const problemOf = (overrides: Partial<HttpRequest>, maxBytes?: number): HttpProblem => {
  try {
    parse(overrides, maxBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpProblem;
  }
  throw new Error('expected a problem');
};

const withType = (contentType: string | undefined, body: string): Partial<HttpRequest> => ({
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body,
});

const ITEM = { fileName: 'GL_EXPORT_20270314.csv', sourceSystem: 'SAP-FI', errorType: 'MISSING' };
const ITEM_JSON = JSON.stringify(ITEM);

describe('jsonBody (docs/architecture.md, HTTP contract)', () => {
  describe('accepted content types', () => {
    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;charset=UTF-8',
      'application/json ; charset="utf-8"',
      'application/problem+json',
      'application/vnd.file-sla.v1+json; charset=utf-8',
    ])('%s', (contentType) => {
      expect(parse(withType(contentType, ITEM_JSON)).body).toEqual(ITEM);
    });

    it('no content type at all', () => {
      expect(parse(withType(undefined, ITEM_JSON)).body).toEqual(ITEM);
      expect(parse(withType('', ITEM_JSON)).body).toEqual(ITEM);
    });

    it('application/x-www-form-urlencoded carrying a JSON document (Windows PowerShell 5.1)', () => {
      expect(parse(withType('application/x-www-form-urlencoded', ITEM_JSON)).body).toEqual(ITEM);
      expect(parse(withType('application/x-www-form-urlencoded', `\r\n  [${ITEM_JSON}]`)).body).toEqual([ITEM]);
      expect(parse(withType('application/x-www-form-urlencoded; charset=utf-8', '"just a string"')).body).toBe('just a string');
    });
  });

  describe('refused content types: 415', () => {
    it.each([
      ['a real form body', 'application/x-www-form-urlencoded', 'a=1&b=2'],
      ['a form body whose first key starts like a JSON literal', 'application/x-www-form-urlencoded', 'name=GL_EXPORT.csv&type=MISSING'],
      ['a form body starting with a digit', 'application/x-www-form-urlencoded', '1=2'],
      ['text/plain', 'text/plain', ITEM_JSON],
      ['text/plain; charset=utf-8', 'text/plain; charset=utf-8', ITEM_JSON],
      ['multipart/form-data', 'multipart/form-data; boundary=xyz', ITEM_JSON],
      ['application/jsonx', 'application/jsonx', ITEM_JSON],
      ['application/xml', 'application/xml', '<a/>'],
    ])('%s', (_, contentType, body) => {
      const problem = problemOf(withType(contentType, body));
      expect(problem.statusCode).toBe(415);
      expect(problem.type).toBe('unsupported-media-type');
    });
  });

  it('decodes a base64 body', () => {
    const event = parse({ body: Buffer.from(ITEM_JSON, 'utf8').toString('base64'), isBase64Encoded: true });
    expect(event.body).toEqual(ITEM);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('ignores a UTF-8 BOM, also inside a base64 body, and keeps non-ASCII text', () => {
    const json = '{"errorMessage":"Datei fehlt – Größe 0"}';
    expect(parse({ body: `\uFEFF${json}` }).body).toEqual({ errorMessage: 'Datei fehlt – Größe 0' });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]);
    expect(parse({ body: bytes.toString('base64'), isBase64Encoded: true }).body).toEqual({ errorMessage: 'Datei fehlt – Größe 0' });
  });

  describe('size limit: 413 above 256 KiB', () => {
    const jsonOfBytes = (bytes: number): string => `{"p":"${'x'.repeat(bytes - 8)}"}`;

    it('accepts exactly 256 KiB', () => {
      expect(jsonOfBytes(256 * KiB)).toHaveLength(256 * KiB);
      expect(parse({ body: jsonOfBytes(256 * KiB) }).body).toHaveProperty('p');
    });

    it('refuses one byte more, counting UTF-8 bytes, not characters', () => {
      const problem = problemOf({ body: jsonOfBytes(256 * KiB + 1) });
      expect(problem.statusCode).toBe(413);
      expect(problem.type).toBe('payload-too-large');
      // 100 000 characters of 3 bytes each: under the limit in characters, over it in bytes.
      expect(problemOf({ body: `"${'€'.repeat(100_000)}"` }).statusCode).toBe(413);
    });

    it('refuses a base64 body whose decoded size is over the limit', () => {
      const body = Buffer.from(jsonOfBytes(256 * KiB + 1)).toString('base64');
      expect(problemOf({ body, isBase64Encoded: true }).statusCode).toBe(413);
      expect(problemOf({ body: 'A'.repeat(2 * 1024 * KiB), isBase64Encoded: true }).statusCode).toBe(413);
    });

    it('accepts a base64 body whose decoded size fits, though its encoded size does not', () => {
      const body = Buffer.from(jsonOfBytes(200 * KiB)).toString('base64');
      expect(body.length).toBeGreaterThan(256 * KiB);
      expect(parse({ body, isBase64Encoded: true }).body).toHaveProperty('p');
    });

    it('keeps the 256 KiB default when maxBytes is passed as undefined (as httpHandler does)', () => {
      const request = middyRequest(httpRequest({ body: jsonOfBytes(256 * KiB + 1) }));
      expect(() => jsonBody({ maxBytes: undefined }).before!(request)).toThrow(expect.objectContaining({ statusCode: 413 }));
    });

    it('honours maxBytes, and checks the size before the content type', () => {
      expect(problemOf({ body: ITEM_JSON }, 10).statusCode).toBe(413);
      expect(problemOf(withType('text/plain', ITEM_JSON), 10).statusCode).toBe(413);
    });
  });

  describe('malformed JSON: 400', () => {
    it.each([
      ['truncated', '{"username":"svc-filewatch","password":"Hunter2!'],
      ['trailing comma', '{"username":"svc-filewatch","password":"Hunter2!",}'],
      ['single quotes', "{'password':'Hunter2!'}"],
      ['two documents', '{"password":"Hunter2!"}{"a":1}'],
      ['a form body sent as JSON', 'password=Hunter2!&user=svc'],
    ])('%s, without echoing the body', (_, body) => {
      const problem = problemOf({ body });
      expect(problem.statusCode).toBe(400);
      expect(problem.type).toBe('malformed-json');
      expect(problem.detail).toMatch(/^The request body is not valid JSON/);
      expect(problem.detail).not.toContain('Hunter2');
      expect(problem.detail).not.toContain('password');
      expect(problem.cause).toBeUndefined();
    });

    it('names the position when the parser gives one', () => {
      expect(problemOf({ body: '{"a":1,}' }).detail).toMatch(/at position \d+/);
    });
  });

  describe('empty body: 400', () => {
    it.each([
      ['absent', undefined],
      ['empty', ''],
      ['white space', ' \r\n\t'],
      ['only a BOM', '\uFEFF'],
    ])('%s', (_, body) => {
      const problem = problemOf({ body });
      expect(problem.statusCode).toBe(400);
      expect(problem.type).toBe('empty-body');
    });
  });

  it.each([
    ['__proto__', '{"fileName":"a.csv","__proto__":{"isAdmin":true}}'],
    ['nested __proto__', '[{"details":{"__proto__":{"polluted":1}}}]'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":1}}}'],
    ['__proto__ spelt with escapes', '{"fileName":"a.csv","\\u005f_proto\\u005f_":{"isAdmin":true}}'],
    ['constructor spelt with escapes', '{"\\u0063onstructor":{"prototype":{"polluted":1}}}'],
  ])('refuses a %s key with 400', (_, body) => {
    const problem = problemOf({ body });
    expect(problem.statusCode).toBe(400);
    expect(problem.detail).toMatch(/forbidden key "(__proto__|constructor)"/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('what the parser yields', () => {
    it.each([
      ['escapes in values', '{"filePath":"\\\\\\\\fs01\\\\in","at":"\\/Date(1795496103000)\\/","quote":"\\"x\\"","u":"\\u00e9"}'],
      ['the words as values, not keys', '{"note":"__proto__ and constructor","list":["constructor"]}'],
      ['a constructor key without a prototype', '{"constructor":"FileWatcher","details":{"constructor":1}}'],
      ['plain JSON', `[${ITEM_JSON},${ITEM_JSON}]`],
      ['a bare string', '"just a string"'],
    ])('%s: the same value as JSON.parse', (_, body) => {
      expect(parse({ body }).body).toEqual(JSON.parse(body));
    });

    it('reads a lone surrogate in a text body as U+FFFD, as its UTF-8 bytes say', () => {
      expect(parse({ body: '{"hostName":"FS\uD80001"}' }).body).toEqual({ hostName: 'FS\uFFFD01' });
    });
  });
});
