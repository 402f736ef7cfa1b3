// A cold start in a process of its own: imports the unpacked bundle (its configuration is read
// from this process's environment), invokes it with each event in turn, and prints one line
// `COLD-START-RESULT <json>`: the status codes, how often `globalThis.fetch` was called, and whether
// Node's fetch stack (undici) was loaded at all. `globalThis.fetch` is replaced by a counting
// wrapper before the bundle is imported, so a call through it is seen wherever it comes from.
// argv: <bundle index.mjs> <events JSON array>
import { pathToFileURL } from 'node:url';

const [bundle, eventsJson] = process.argv.slice(2);
let fetchCalls = 0;
const originalFetch = globalThis.fetch;
globalThis.fetch = (...args) => {
  fetchCalls += 1;
  return originalFetch(...args);
};
const undiciLoaded = () => process.moduleLoadList.some((name) => name.includes('undici'));
const loadedBeforeImport = undiciLoaded();

const { handler } = await import(pathToFileURL(bundle).href);
const context = {
  functionName: 'cold-start-test',
  awsRequestId: 'cold-start-test-request',
  getRemainingTimeInMillis: () => 10_000,
};
const statusCodes = [];
for (const event of JSON.parse(eventsJson)) statusCodes.push((await handler(event, context)).statusCode);
process.stdout.write(`\nCOLD-START-RESULT ${JSON.stringify({ statusCodes, fetchCalls, loadedBeforeImport, undiciLoaded: undiciLoaded() })}\n`, () => process.exit(0));
