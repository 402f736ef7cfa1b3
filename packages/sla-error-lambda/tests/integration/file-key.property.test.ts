import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FUZZ_RUNS, fuzzParams, fuzzTimeout } from '@file-sla/test-support';
import { useLocalServices } from '../support/local-services.js';
import { anyName, splitPairs } from '../support/names.js';

// A file's records are that file's, for any names: property-based, through the built bundle
// against DynamoDB Local. Pairs of names that meet at every possible "#" (`A` + `B#c` and
// `A#B` + `c`), backslashes, quotes and other separators are reported; GET /sla-errors?
// sourceSystem=…&fileName=… must answer exactly the records reported for that pair, all of them
// and no other, page after page. Runs: FUZZ_RUNS / 10 (a few hundred in CI); FUZZ_SEED fixes the seed.

const RUNS = Math.max(1, Math.ceil(FUZZ_RUNS / 10));

const local = useLocalServices();

/**
 * A name a report keeps as it is: no lone surrogate (refused), within the schema's length (in
 * characters), trimmed (the service trims) and not empty.
 */
const storable = (maxLength: number) => (name: string): string => [...name.toWellFormed()].slice(0, maxLength).join('').trim() || 'x';

type Pair = readonly [sourceSystem: string, fileName: string];
const asStored = ([sourceSystem, fileName]: Pair): Pair => [storable(128)(sourceSystem), storable(512)(fileName)];

/** Per run: the two pairs that split `a#b#c` differently, and up to two more pairs of odd names. */
const pairsArb: fc.Arbitrary<Pair[]> = fc
  .tuple(splitPairs(), fc.array(fc.tuple(anyName(), anyName()), { maxLength: 2 }))
  .map(([[left, right], more]) => [left, right, ...more].map(asStored));

/** The errorIds reported so far, by pair (runs share the table, so a pair may come up again). */
const reported = new Map<string, Set<string>>();
const pairKey = (pair: Pair): string => JSON.stringify(pair);
let deadlineSeconds = 0;

/** Reports one SLA error of the pair (a deadline of its own, so a new record); returns its id. */
const report = async ([sourceSystem, fileName]: Pair): Promise<string> => {
  deadlineSeconds += 1;
  const slaDeadline = new Date(Date.UTC(2026, 10, 24) + deadlineSeconds * 1000).toISOString();
  const response = await local.services.call({
    method: 'POST',
    path: '/sla-errors',
    token: local.writerToken,
    body: JSON.stringify({ sourceSystem, fileName, slaDeadline, errorType: 'MISSING', errorMessage: 'did not arrive' }),
  });
  expect({ status: response.statusCode, body: response.json }).toMatchObject({ status: 200, body: { status: 'created' } });
  return response.json.errorId as string;
};

/** Every record GET /sla-errors?sourceSystem=…&fileName=… answers, following nextToken. */
const listed = async ([sourceSystem, fileName]: Pair): Promise<Array<Record<string, unknown>>> => {
  const items: Array<Record<string, unknown>> = [];
  let nextToken: string | undefined;
  do {
    const query = `sourceSystem=${encodeURIComponent(sourceSystem)}&fileName=${encodeURIComponent(fileName)}&limit=3${nextToken ? `&nextToken=${nextToken}` : ''}`;
    const response = await local.services.call({ method: 'GET', path: '/sla-errors', query, token: local.readerToken });
    expect({ status: response.statusCode, body: response.json }).toMatchObject({ status: 200 });
    items.push(...(response.json.items as Array<Record<string, unknown>>));
    nextToken = response.json.nextToken as string | undefined;
  } while (nextToken);
  return items;
};

describe('GET /sla-errors?sourceSystem=…&fileName=… through the built bundle and DynamoDB Local', () => {
  it('the issue’s pair: PARTNER + EUx#feed.csv and PARTNER#EUx + feed.csv are two files', async () => {
    const one = await report(['PARTNER', 'EUx#feed.csv']);
    const other = await report(['PARTNER#EUx', 'feed.csv']);
    expect((await listed(['PARTNER', 'EUx#feed.csv'])).map((item) => item.errorId)).toEqual([one]);
    expect((await listed(['PARTNER#EUx', 'feed.csv'])).map((item) => item.errorId)).toEqual([other]);
    reported.set(pairKey(['PARTNER', 'EUx#feed.csv']), new Set([one]));
    reported.set(pairKey(['PARTNER#EUx', 'feed.csv']), new Set([other]));
  });

  it(
    'property: a pair of names answers exactly the records reported for it, whatever separators the names hold',
    async () => {
      await fc.assert(
        fc.asyncProperty(pairsArb, async (pairs) => {
          for (const pair of pairs) {
            const id = await report(pair);
            const ids = reported.get(pairKey(pair)) ?? new Set<string>();
            reported.set(pairKey(pair), ids.add(id));
          }
          for (const pair of pairs) {
            const items = await listed(pair);
            for (const item of items) expect([item.sourceSystem, item.fileName]).toEqual([...pair]);
            expect(items.map((item) => item.errorId).sort()).toEqual([...reported.get(pairKey(pair))!].sort());
          }
        }),
        { ...fuzzParams(), numRuns: RUNS },
      );
    },
    fuzzTimeout(60),
  );
});
