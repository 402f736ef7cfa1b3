// The environment and Node options each function gets as deployed, read from its manifest
// (never copied): `{value}` as given, `{parameter}` its default, `{ref}` the bench's stand-in for
// the platform resource, `{local}` the bench's fake endpoint; plus what the Lambda runtime sets.
import { IDENTITY } from './identity.mjs';

/**
 * The node arguments the Lambda Node.js runtime starts the function with for `memoryMb`: its
 * bootstrap script takes a tenth of the memory as V8's new space (half of it per semi-space) and
 * the rest as the old space, with `--expose-gc` and a larger HTTP header limit.
 * @param {number} memoryMb
 * @returns {string[]}
 */
export const lambdaRuntimeArgs = (memoryMb) => {
  const newSpace = Math.floor(memoryMb / 10);
  return ['--expose-gc', '--max-http-header-size=81920', `--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
};

/**
 * What the platform refs of the manifests stand for in the bench.
 * @param {object[]} manifests - every manifest (groups and topics may be declared by another function)
 * @param {{ jwks: object }} stand-ins
 * @returns {(ref: string) => string | undefined}
 */
const platformRefs = (manifests, { jwks }) => {
  const groups = Object.assign({}, ...manifests.map((m) => m.resources?.groups ?? {}));
  const topics = Object.assign({}, ...manifests.map((m) => m.resources?.topics ?? {}));
  return (ref) => {
    if (ref === 'user-pool-id') return IDENTITY.userPoolId;
    if (ref === 'user-pool-client-id') return IDENTITY.clientId;
    if (ref === 'user-pool-client-secret') return IDENTITY.clientSecret;
    if (ref === 'user-pool-jwks') return JSON.stringify(jwks);
    if (ref === 'table-name') return IDENTITY.tableName;
    const [kind, id] = ref.split(':');
    if (kind === 'group-name' && groups[id]) return groups[id].default;
    if (kind === 'topic-arn' && topics[id]) return `arn:aws:sns:${IDENTITY.region}:000000000000:bench-${id}`;
    return undefined;
  };
};

/**
 * The environment of one function: what Lambda sets (region, name, memory, role credentials) and
 * every variable of its manifest. Nothing is inherited from the bench but PATH and TMPDIR.
 * @param {object} manifest - one entry of loadManifests()
 * @param {object[]} manifests - all of them
 * @param {{ jwks: object, endpoints: Record<string, string> }} platform - the JWKS served, and the fake endpoint of each LocalRef
 * @returns {{ env: Record<string, string>, missing: string[] }} `missing`: sources the bench cannot stand in for
 */
export const environmentOf = (manifest, manifests, { jwks, endpoints }) => {
  const resolveRef = platformRefs(manifests, { jwks });
  const env = {
    ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    TZ: 'UTC',
    AWS_REGION: IDENTITY.region,
    AWS_DEFAULT_REGION: IDENTITY.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: manifest.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(manifest.memoryMb),
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/secret/access/key/0123456789abcdefgh',
    AWS_SESSION_TOKEN: 'bench-session-token',
  };
  const missing = [];
  for (const [name, source] of Object.entries(manifest.environment)) {
    let value;
    if ('value' in source) value = source.value;
    else if ('parameter' in source) value = source.default;
    else if ('ref' in source) value = resolveRef(source.ref);
    else if ('local' in source) value = endpoints[source.local];
    if (value === undefined) missing.push(`${name} (${JSON.stringify(source)})`);
    else if (value !== '') env[name] = value;
  }
  return { env, missing };
};

/**
 * The same environment without NODE_OPTIONS (to show what the deployed options cost).
 * @param {Record<string, string>} env
 * @returns {Record<string, string>}
 */
export const withoutNodeOptions = ({ NODE_OPTIONS: _options, ...env }) => env;
