// What a function's bench scenario (`packages/<fn>/bench/scenario.mjs`) declares, and how the
// bench finds it. The bench loops over the manifests (scripts/manifests.mjs); a function without
// a scenario file is reported as not measured. See bench/README.md, "Scenario files".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {object} ScenarioContext
 * @property {(request: { method: string, path: string, headers?: Record<string, string>, body?: string, query?: string }) => object} httpApiEvent - the local stack's API Gateway HTTP API 2.0 event builder
 * @property {{ accessToken: string, idToken: string, refreshToken: string }} tokens - tokens signed by the bench's key for the fake pool
 * @property {typeof import('./identity.mjs').IDENTITY} identity - the pool, client, user and table the bench pretends to use
 */

/**
 * @typedef {object} Scenario
 * @property {'http' | 'event'} kind - as the manifest's `kind`
 * @property {(i: number, context: ScenarioContext) => object} event - the Lambda event of invocation `i` (HTTP: build it with `context.httpApiEvent`; event: e.g. a DynamoDB stream batch)
 * @property {(response: any) => boolean} ok - whether an answer is a success (every timed invocation must be)
 * @property {number} [recordsPerInvocation] - event functions: records in each event (the bench reports µs per record)
 * @property {(identity: object) => { endpoint: string, target: string, contentType: string, body: string }} [probe] - a plain POST of about the size of the function's SDK call, to the fake endpoint it calls (`dynamodb`, `cognito`, or a LocalRef of `fakeEndpoints`), to time the round trip alone
 * @property {Record<string, (request: { method: string, url: string, headers: object }, body: Buffer) => { status?: number, headers?: Record<string, string>, body?: string }>} [fakeEndpoints] - fakes the function needs beyond DynamoDB, Cognito and the JWKS, by the LocalRef its manifest reads (e.g. `sns-endpoint`)
 * @property {{ module: string, clientClass: string, command: string, answer: (tokens: object) => object, conditionFailed?: () => Error, sampleInput: object }} [sdk] - own work: the SDK client class whose `send()` is answered in-process, the command it sends, the answer (none: own work not measured)
 * @property {boolean} [verifiesToken] - whether it verifies an access token (then `verify()` is also timed alone)
 * @property {string} [bare] - the bare baseline handler (no Middy, no shared stack), relative to the scenario file
 */

/**
 * The scenario file of a function's package, if it has one.
 * @param {string} repoRoot
 * @param {{ packageDir: string }} manifest
 * @returns {string | undefined}
 */
export const scenarioFileOf = (repoRoot, manifest) => {
  const file = join(repoRoot, manifest.packageDir, 'bench', 'scenario.mjs');
  return existsSync(file) ? file : undefined;
};

/**
 * Imports a scenario file.
 * @param {string} file
 * @returns {Promise<Scenario>}
 */
export const loadScenario = async (file) => {
  const { scenario } = await import(pathToFileURL(file).href);
  if (!scenario || typeof scenario.event !== 'function' || typeof scenario.ok !== 'function') {
    throw new Error(`${file} must export \`scenario\` with event(i, context) and ok(response) (see bench/scenario.mjs)`);
  }
  return scenario;
};
