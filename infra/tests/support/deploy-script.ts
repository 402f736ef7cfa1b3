import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionManifest } from '../../src/manifests.js';
import { functionNames, shortName } from '../../src/naming.mjs';

export const script = new URL('../../../scripts/deploy.sh', import.meta.url).pathname;

/** The JWKS the stand-in curl answers (compact, as the script passes it on). */
export const JWKS = '{"keys":[{"alg":"RS256","e":"AQAB","kid":"test-kid","kty":"RSA","n":"abc","use":"sig"}]}';
export const POOL_ID = 'eu-central-1_TestPool1';

/**
 * Stand-ins for the AWS CLI and curl: each records its call (program, then one argument a line,
 * then a `--` line) and answers what the script reads: function names (file-sla-test-<name>), the
 * pool id, the stack's current UserPoolJwks (FAKE_CURRENT_JWKS), a version per publish, a version list.
 */
const FAKE_AWS = `#!/usr/bin/env bash
set -euo pipefail
if [[ -n \${FAKE_AWS_REFUSE:-} ]]; then echo "aws must not run here" >&2; touch "$FAKE_AWS_LOG.ran"; exit 99; fi
printf '%s\\n' aws "$@" -- >>"$FAKE_AWS_LOG"
case "$1 $2" in
  'cloudformation describe-stacks')
    case "$*" in
      *UserPoolJwks*) echo "\${FAKE_CURRENT_JWKS:-}" ;;
      *"'UserPoolId'"*) echo "${POOL_ID}" ;;
      *FunctionName*) query="$*"; output=\${query#*OutputKey==\\'}; output=\${output%%\\'*}; echo "file-sla-test-$output" ;;
    esac ;;
  'lambda update-function-code')
    counter="$FAKE_AWS_LOG.version"
    version=$(( $(cat "$counter" 2>/dev/null || echo 6) + 1 ))
    echo "$version" >"$counter"
    echo "$version" ;;
  'lambda list-versions-by-function') printf '%s\\n' "\${FAKE_AWS_VERSIONS:-\\$LATEST	1	2	9	10}" ;;
  'lambda update-alias') echo "$8" ;;
esac
`;

const FAKE_CURL = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' curl "$@" -- >>"$FAKE_AWS_LOG"
printf '%s' '${JWKS}' | sed 's/,/, /'
`;

/** A work folder with a dist (functions.json and a zip per manifest) and the stand-ins on PATH. */
export const deployWorkspace = (work: string, manifests: readonly FunctionManifest[]) => {
  const dist = join(work, 'dist');
  const bin = join(work, 'bin');
  const log = join(work, 'aws.log');
  mkdirSync(join(dist, 'infra'), { recursive: true });
  mkdirSync(bin, { recursive: true });
  const hashes: Record<string, string> = {};
  const list = manifests.map((manifest) => {
    const content = `${manifest.name} zip`;
    writeFileSync(join(dist, `${manifest.name}.zip`), content);
    hashes[manifest.name] = createHash('sha256').update(content).digest('hex');
    return { ...manifest, zip: `${manifest.name}.zip`, sha256: hashes[manifest.name] };
  });
  writeFileSync(join(dist, 'functions.json'), JSON.stringify(list, null, 2));
  writeFileSync(join(dist, 'infra', 'service.template.json'), '{}');
  writeFileSync(join(bin, 'aws'), FAKE_AWS);
  writeFileSync(join(bin, 'curl'), FAKE_CURL);
  chmodSync(join(bin, 'aws'), 0o755);
  chmodSync(join(bin, 'curl'), 0o755);

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: `${bin}:/usr/bin:/bin`, HOME: work, FAKE_AWS_LOG: log, ...extra });
  const deploySh = (args: string[], extra: Record<string, string> = {}, path?: string) => {
    const result = spawnSync('bash', [script, ...args], { env: { ...env(extra), ...(path ? { PATH: path } : {}) }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.split('\n').filter(Boolean) };
  };
  const calls = (): string[][] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('--\n')
          .filter(Boolean)
          .map((call) => call.trimEnd().split('\n'))
      : [];
  const reset = () => {
    for (const file of [log, `${log}.version`, `${log}.ran`]) rmSync(file, { force: true });
  };
  return { dist, bin, log, hashes, env, deploySh, calls, reset, refused: () => existsSync(`${log}.ran`) };
};

const outputQuery = (output: string) => `"Stacks[0].Outputs[?OutputKey=='${output}'].OutputValue"`;

/** The plan `--dry-run` must print for these manifests, command by command. */
export const expectedDeployPlan = (
  manifests: readonly FunctionManifest[],
  o: { dist: string; hashes: Record<string, string>; stack: string; region: string; bucket: string; extra?: string; role?: string },
): string[] => {
  const keys = manifests.map((manifest) => `${functionNames(manifest.name).codeKeyParameter}=${o.stack}/${manifest.name}/${o.hashes[manifest.name]}.zip`);
  const overrides = `CodeBucket=${o.bucket} ${keys.join(' ')}${o.extra ?? ''}`;
  const deploy = (more = '') =>
    `aws cloudformation deploy --template-file ${o.dist}/infra/service.template.json --stack-name ${o.stack} --s3-bucket ${o.bucket} --s3-prefix ${o.stack}/templates` +
    `${o.role ? ` --role-arn ${o.role}` : ''} --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset --parameter-overrides ${overrides}${more} --region ${o.region}`;
  return [
    ...manifests.map((manifest) => `aws s3 cp ${o.dist}/${manifest.name}.zip s3://${o.bucket}/${o.stack}/${manifest.name}/${o.hashes[manifest.name]}.zip --no-progress --region ${o.region}`),
    deploy(),
    `aws cloudformation describe-stacks --stack-name ${o.stack} --query ${outputQuery('UserPoolId')} --output text --region ${o.region}`,
    `aws cloudformation describe-stacks --stack-name ${o.stack} --query "Stacks[0].Parameters[?ParameterKey=='UserPoolJwks'].ParameterValue" --output text --region ${o.region}`,
    `curl -fsS --retry 3 --max-time 10 https://cognito-idp.${o.region}.amazonaws.com/<UserPoolId>/.well-known/jwks.json`,
    "# only when the user pool's JWKS differs from the stack's UserPoolJwks parameter:",
    deploy(' UserPoolJwks=<user-pool-jwks>'),
    ...manifests.map((manifest) => `aws cloudformation describe-stacks --stack-name ${o.stack} --query ${outputQuery(functionNames(manifest.name).functionNameOutput)} --output text --region ${o.region}`),
    ...manifests.flatMap((manifest) => {
      const name = `<${functionNames(manifest.name).functionNameOutput}>`;
      return [
        `aws lambda update-function-code --function-name ${name} --zip-file fileb://${o.dist}/${manifest.name}.zip --publish --query Version --output text --region ${o.region}`,
        `aws lambda wait function-updated-v2 --function-name ${name} --region ${o.region}`,
        `aws lambda update-alias --function-name ${name} --name live --function-version <${manifest.name}-version> --query FunctionVersion --output text --region ${o.region}`,
      ];
    }),
  ];
};

/** What the stand-in answers as a function's deployed name. */
export const deployedName = (manifest: FunctionManifest) => `file-sla-test-${functionNames(manifest.name).functionNameOutput}`;
export { outputQuery, shortName };
