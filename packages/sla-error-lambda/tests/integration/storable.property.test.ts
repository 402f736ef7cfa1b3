import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { anyString, FUZZ_RUNS, fuzzParams, fuzzTimeout, hugeString } from '@file-sla/test-support';
import { type Answer, useLocalServices } from '../support/local-services.js';
import { anyName } from '../support/names.js';

// Accepted means storable: property-based, through the built bundle against DynamoDB Local. Any
// body of one SLA error, its keys and values drawn from the whole range the schema allows and
// just beyond (empty and odd details names, prototype names, unicode, lone surrogates, lengths
// at the limits, numbers at DynamoDB's and the marshaller's limits, -0, empty strings), is either
// stored and read back equal (GET /sla-errors/{errorId}), or answered 4xx naming the field —
// never 500. Runs: FUZZ_RUNS / 5 (a few hundred in CI); FUZZ_SEED fixes the seed.

const RUNS = Math.max(1, Math.ceil(FUZZ_RUNS / 5));
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const local = useLocalServices();

const TEXT_FIELDS = { fileName: 512, sourceSystem: 128, errorMessage: 4000, filePath: 2048, hostName: 255 } as const;
const FIELDS = ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage', 'severity', 'detectedAt', 'receivedAt', 'filePath', 'fileSizeBytes', 'hostName', 'details'];

/** Text of any kind: odd names, any code points (lone surrogates too), at and just over `max`, empty. */
const textArb = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: anyName().map((name) => `${name}x`) },
    { weight: 2, arbitrary: anyString(60) },
    { weight: 1, arbitrary: fc.constantFrom(max, max + 1).chain((length) => fc.oneof(hugeString(length, length), fc.constant('😀'.repeat(length)))) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u00a0') },
  );

const dateArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());

/** details names: empty, prototype names, separators, any code points, at and over 128 characters. */
const detailNameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: anyName() },
  { weight: 2, arbitrary: anyString(20) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype', 'Constructor', '__defineGetter__', 'length', '0', ' ', '\u0000', 'a.b', '#', '\\'),
  },
  { weight: 1, arbitrary: fc.constantFrom(128, 129).chain((length) => fc.constantFrom('k'.repeat(length), '😀'.repeat(length))) },
);

/** Number literals as JSON text: DynamoDB's range and precision, the marshaller's ±(2^53 - 1), doubles' extremes. */
const NUMBER_LITERALS = [
  '0', '-0', '0.0', '-0.0', '1e-130', '-1e-130', '1.0e-130', '9.99e-131', '1e-131', '-1e-131', '5e-324', '-5e-324', '2.2250738585072014e-308',
  '1e125', '1e126', '1e308', '1.7976931348623157e308', '1e400', '-1e400', '9007199254740991', '-9007199254740991', '9007199254740992',
  '-9007199254740993', '123456789012345678901234567890123456789', '0.1', '1E+2', '1.0000000000000002', '12345678901234567890.5',
  '3.141592653589793238462643383279502884197', '0.000001', '1e-7', '-123.456e-100',
];

/** A details value as JSON text. */
const detailValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(textArb(4000), fc.constant('')).map((text) => JSON.stringify(text)) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.integer({ min: -MAX_SAFE, max: MAX_SAFE }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBER_LITERALS) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null') },
);

const detailsArb: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  { weight: 8, arbitrary: fc.uniqueArray(fc.tuple(detailNameArb, detailValueArb), { selector: ([name]) => name, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(50, 51).map((count) => Array.from({ length: count }, (_, index): [string, string] => [`k${index}`, String(index)])) },
);

interface Case {
  fields: Record<string, unknown>;
  details: Array<[string, string]> | undefined;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  fields: fc.record(
    {
      fileName: textArb(TEXT_FIELDS.fileName),
      sourceSystem: textArb(TEXT_FIELDS.sourceSystem),
      slaDeadline: dateArb,
      errorType: fc.constantFrom('MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER'),
      errorMessage: textArb(TEXT_FIELDS.errorMessage),
      severity: fc.constantFrom('LOW', 'MEDIUM', 'HIGH', 'CRITICAL'),
      detectedAt: dateArb,
      receivedAt: dateArb,
      filePath: textArb(TEXT_FIELDS.filePath),
      fileSizeBytes: fc.oneof(fc.nat(), fc.constantFrom(0, MAX_SAFE)),
      hostName: textArb(TEXT_FIELDS.hostName),
    },
    { requiredKeys: ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'] },
  ),
  details: fc.option(detailsArb, { nil: undefined, freq: 4 }),
});

/** The body as JSON text: details values written as their literals (so that `-0` or `1e-131` arrive as such). */
const bodyText = ({ fields, details }: Case): string => {
  const parts = Object.entries(fields).map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  if (details) parts.push(`"details":{${details.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`);
  return `{${parts.join(',')}}`;
};

/** What must be read back after a 200: strings trimmed (empty ones absent), details as JSON has them. */
const expectedOf = ({ fields, details }: Case): Record<string, unknown> => {
  const expected: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const kept = typeof value === 'string' ? value.trim() : value;
    if (kept !== '') expected[name] = kept;
  }
  if (details) expected.details = JSON.parse(JSON.stringify(Object.fromEntries(details.map(([name, value]) => [name, JSON.parse(value) as unknown]))));
  return expected;
};

const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Whether a 4xx names what is wrong: every problem at a field of the report or a details name sent. */
const namesTheField = (answer: Answer, sent: Case): boolean => {
  const { errors, type, detail } = answer.json as { errors?: Array<{ path: string }>; type?: string; detail?: string };
  const detailNames = new Set((sent.details ?? []).map(([name]) => name));
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.every(({ path }) => {
      const [, field, name, ...rest] = path.split('/');
      if (rest.length > 0 || !FIELDS.includes(field ?? '')) return false;
      return name === undefined || (field === 'details' && detailNames.has(unescapePointer(name)));
    });
  }
  if (type?.endsWith('/item-too-large') || answer.statusCode === 413) return true;
  // The body parser refuses a `__proto__` name before anything else, and says which.
  return type?.endsWith('/malformed-json') === true && detailNames.has('__proto__') && (detail ?? '').includes('"__proto__"');
};

let requests = 0;

describe('POST /sla-errors → GET /sla-errors/{errorId} through the built bundle and DynamoDB Local', () => {
  it.each([
    ['an empty details name', 400, '{"":1}'],
    ['a details name "constructor"', 200, '{"constructor":"x","toString":1}'],
    ['a number under DynamoDB’s 1e-130', 400, '{"tiny":1e-131}'],
    ['-0', 200, '{"zero":-0}'],
    ['a lone surrogate in a name', 400, '{"k\\ud800":1}'],
  ])('%s → %d', async (_label, status, details) => {
    const body = `{"fileName":"F.csv","sourceSystem":"S","slaDeadline":"2026-11-24T06:00:00.000Z","errorType":"MISSING","errorMessage":"m","details":${details}}`;
    const answer = await local.services.call({ method: 'POST', path: '/sla-errors', token: local.writerToken, headers: { 'idempotency-key': `case-${(requests += 1)}` }, body });
    expect({ status: answer.statusCode, body: answer.json }).toMatchObject({ status });
    if (status !== 200) {
      expect((answer.json.errors as Array<{ path: string }>)[0]!.path).toMatch(/^\/details\//);
      return;
    }
    const read = await local.services.call({ method: 'GET', path: `/sla-errors/${answer.json.errorId as string}`, token: local.readerToken });
    expect(read.json.details).toEqual(JSON.parse(JSON.stringify(JSON.parse(details))));
  });

  it(
    'property: a body is stored and read back equal, or answered 4xx naming the field — never 500',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (sent) => {
          requests += 1;
          const answer = await local.services.call({
            method: 'POST',
            path: '/sla-errors',
            token: local.writerToken,
            // A key of its own per request, so that every accepted body is a new record.
            headers: { 'idempotency-key': `storable-${requests}` },
            body: bodyText(sent),
          });
          if (answer.statusCode >= 500) throw new Error(`answered ${answer.statusCode}: ${answer.body}`);
          if (answer.statusCode !== 200) {
            expect(answer.statusCode).toBeGreaterThanOrEqual(400);
            expect(answer.statusCode).toBeLessThan(500);
            if (!namesTheField(answer, sent)) throw new Error(`a ${answer.statusCode} that names no field: ${answer.body}`);
            return;
          }
          expect(answer.json.status).toBe('created');
          const read = await local.services.call({ method: 'GET', path: `/sla-errors/${answer.json.errorId as string}`, token: local.readerToken });
          expect(read.statusCode).toBe(200);
          const expected = expectedOf(sent);
          const { details, ...rest } = expected;
          expect(read.json).toMatchObject(rest);
          if (details === undefined) expect(read.json).not.toHaveProperty('details');
          else expect(read.json.details).toEqual(details);
        }),
        { ...fuzzParams(), numRuns: RUNS },
      );
    },
    fuzzTimeout(60),
  );
});
