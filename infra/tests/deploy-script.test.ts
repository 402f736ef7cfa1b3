import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const script = new URL('../../scripts/deploy.sh', import.meta.url).pathname;

let work: string;
let dist: string;
let bin: string;
let awsLog: string;
const hashes: Record<string, string> = {};

/**
 * A stand-in for the AWS CLI: it records every call (one argument a line, then a `--` line) and
 * answers what the script reads: function names, a version per publish, a version list.
 */
const FAKE_AWS = `#!/usr/bin/env bash
set -euo pipefail
if [[ -n \${FAKE_AWS_REFUSE:-} ]]; then echo "aws must not run here" >&2; touch "$FAKE_AWS_LOG.ran"; exit 99; fi
printf '%s\\n' "$@" -- >>"$FAKE_AWS_LOG"
case "$1 $2" in
  'cloudformation describe-stacks')
    case "$*" in
      *AuthFunctionName*) echo file-sla-test-auth ;;
      *SlaErrorFunctionName*) echo file-sla-test-sla-error ;;
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

const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: `${bin}:/usr/bin:/bin`,
  HOME: work,
  FAKE_AWS_LOG: awsLog,
  ...extra,
});

const deploySh = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync('bash', [script, ...args], { env: cleanEnv(env), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.split('\n').filter(Boolean) };
};

/** The AWS CLI calls the fake recorded, each as its argument list. */
const awsCalls = (): string[][] =>
  existsSync(awsLog)
    ? readFileSync(awsLog, 'utf8')
        .split('--\n')
        .filter(Boolean)
        .map((call) => call.trimEnd().split('\n'))
    : [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deploy-sh-'));
  dist = join(work, 'dist');
  bin = join(work, 'bin');
  awsLog = join(work, 'aws.log');
  spawnSync('mkdir', ['-p', dist, bin]);
  for (const [name, content] of [
    ['auth-lambda', 'auth zip'],
    ['sla-error-lambda', 'sla zip'],
  ] as const) {
    writeFileSync(join(dist, `${name}.zip`), content);
    hashes[name] = createHash('sha256').update(content).digest('hex');
  }
  writeFileSync(join(bin, 'aws'), FAKE_AWS);
  chmodSync(join(bin, 'aws'), 0o755);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const resetAws = () => {
  for (const file of [awsLog, `${awsLog}.version`, `${awsLog}.ran`]) rmSync(file, { force: true });
};

const outputQuery = (output: string) => `"Stacks[0].Outputs[?OutputKey=='${output}'].OutputValue"`;

describe('scripts/deploy.sh --dry-run', () => {
  const expectedDeploy = (stack: string, region: string, bucket: string, extra = '') => {
    const auth = `${stack}/auth-lambda/${hashes['auth-lambda']}.zip`;
    const sla = `${stack}/sla-error-lambda/${hashes['sla-error-lambda']}.zip`;
    return [
      `aws s3 cp ${dist}/auth-lambda.zip s3://${bucket}/${auth} --no-progress --region ${region}`,
      `aws s3 cp ${dist}/sla-error-lambda.zip s3://${bucket}/${sla} --no-progress --region ${region}`,
      `aws cloudformation deploy --template-file infra/template.yaml --stack-name ${stack} --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset --parameter-overrides CodeBucket=${bucket} AuthCodeKey=${auth} SlaErrorCodeKey=${sla}${extra} --region ${region}`,
      `aws cloudformation describe-stacks --stack-name ${stack} --query ${outputQuery('AuthFunctionName')} --output text --region ${region}`,
      `aws cloudformation describe-stacks --stack-name ${stack} --query ${outputQuery('SlaErrorFunctionName')} --output text --region ${region}`,
      `aws lambda update-function-code --function-name <AuthFunctionName> --zip-file fileb://${dist}/auth-lambda.zip --publish --query Version --output text --region ${region}`,
      `aws lambda wait function-updated-v2 --function-name <AuthFunctionName> --region ${region}`,
      `aws lambda update-alias --function-name <AuthFunctionName> --name live --function-version <auth-lambda-version> --query FunctionVersion --output text --region ${region}`,
      `aws lambda update-function-code --function-name <SlaErrorFunctionName> --zip-file fileb://${dist}/sla-error-lambda.zip --publish --query Version --output text --region ${region}`,
      `aws lambda wait function-updated-v2 --function-name <SlaErrorFunctionName> --region ${region}`,
      `aws lambda update-alias --function-name <SlaErrorFunctionName> --name live --function-version <sla-error-lambda-version> --query FunctionVersion --output text --region ${region}`,
    ];
  };

  it('prints every AWS CLI command of a deploy, exactly, and runs none', () => {
    resetAws();
    const run = deploySh(
      ['--dry-run', '--stack-name', 'file-sla-prod', '--region', 'eu-central-1', '--artifact-bucket', 'my-artifacts', '--dist-dir', dist],
      { FAKE_AWS_REFUSE: '1' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(expectedDeploy('file-sla-prod', 'eu-central-1', 'my-artifacts'));
    expect(existsSync(`${awsLog}.ran`)).toBe(false);
  });

  it('needs no AWS CLI at all', () => {
    const run = spawnSync('bash', [script, '--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', dist], {
      env: { PATH: '/usr/bin:/bin', HOME: work },
      encoding: 'utf8',
    });
    expect(spawnSync('bash', ['-c', 'command -v aws'], { env: { PATH: '/usr/bin:/bin' } }).status).not.toBe(0);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(expectedDeploy('file-sla-errors', 'eu-west-1', 'b'));
  });

  it('takes the stack, region, bucket and dist folder from the environment; --stage and --parameter become overrides', () => {
    const run = deploySh(['--dry-run', '--stage=staging', '--parameter', 'SlaErrorMemorySize=1024', '--parameter=LogLevel=DEBUG'], {
      STACK_NAME: 'file-sla-staging',
      AWS_REGION: 'us-east-2',
      ARTIFACT_BUCKET: 'ci-artifacts',
      DIST_DIR: dist,
    });
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(expectedDeploy('file-sla-staging', 'us-east-2', 'ci-artifacts', ' Stage=staging SlaErrorMemorySize=1024 LogLevel=DEBUG'));
  });

  it('falls back to AWS_DEFAULT_REGION; options win over the environment', () => {
    const run = deploySh(['--dry-run', '--region', 'ap-south-1', '--dist-dir', dist], { AWS_DEFAULT_REGION: 'eu-north-1', ARTIFACT_BUCKET: 'b' });
    expect(run.lines[0]).toMatch(/--region ap-south-1$/);
    const fallback = deploySh(['--dry-run', '--dist-dir', dist], { AWS_DEFAULT_REGION: 'eu-north-1', ARTIFACT_BUCKET: 'b' });
    expect(fallback.lines[0]).toMatch(/--region eu-north-1$/);
  });

  it('prints the rollback: function names, their versions, then both aliases moved', () => {
    resetAws();
    const run = deploySh(['--dry-run', '--rollback', '--stack-name', 'file-sla-prod', '--region', 'eu-central-1'], { FAKE_AWS_REFUSE: '1' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([
      `aws cloudformation describe-stacks --stack-name file-sla-prod --query ${outputQuery('AuthFunctionName')} --output text --region eu-central-1`,
      `aws cloudformation describe-stacks --stack-name file-sla-prod --query ${outputQuery('SlaErrorFunctionName')} --output text --region eu-central-1`,
      `aws lambda list-versions-by-function --function-name <AuthFunctionName> --query 'Versions[].Version' --output text --region eu-central-1`,
      `aws lambda list-versions-by-function --function-name <SlaErrorFunctionName> --query 'Versions[].Version' --output text --region eu-central-1`,
      `aws lambda update-alias --function-name <AuthFunctionName> --name live --function-version <auth-lambda-previous-version> --query FunctionVersion --output text --region eu-central-1`,
      `aws lambda update-alias --function-name <SlaErrorFunctionName> --name live --function-version <sla-error-lambda-previous-version> --query FunctionVersion --output text --region eu-central-1`,
    ]);
    expect(existsSync(`${awsLog}.ran`)).toBe(false);
  });

  it.each([
    [['--dry-run', '--artifact-bucket', 'b'], /no region: pass --region or set AWS_REGION/],
    [['--dry-run', '--region', 'eu-west-1'], /no artifact bucket: pass --artifact-bucket or set ARTIFACT_BUCKET/],
    [['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', '/nonexistent'], /\/nonexistent\/auth-lambda\.zip not found: run pnpm build first/],
    [['--dry-run', '--region'], /--region needs a value/],
    [['--dry-run', '--region', 'eu-west-1', '--parameter', 'oops'], /--parameter needs KEY=VALUE/],
    [['--dry-run', '--surprise'], /unknown option: --surprise/],
  ])('refuses %j', (args, message) => {
    const run = deploySh(args);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('--help prints the usage', () => {
    const run = deploySh(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: scripts\/deploy\.sh/);
  });
});

describe('scripts/deploy.sh against a stand-in AWS CLI', () => {
  it('runs the printed commands, with the published versions moved into the aliases', () => {
    resetAws();
    const run = deploySh(['--stack-name', 'file-sla-test', '--region', 'eu-central-1', '--artifact-bucket', 'my-artifacts', '--dist-dir', dist]);
    expect(run.status).toBe(0);
    const dry = deploySh(['--dry-run', '--stack-name', 'file-sla-test', '--region', 'eu-central-1', '--artifact-bucket', 'my-artifacts', '--dist-dir', dist]);
    const answered = dry.lines.map((line) =>
      line
        .replaceAll('<AuthFunctionName>', 'file-sla-test-auth')
        .replaceAll('<SlaErrorFunctionName>', 'file-sla-test-sla-error')
        .replace('<auth-lambda-version>', '7')
        .replace('<sla-error-lambda-version>', '8'),
    );
    // what ran is what a dry run prints (the one quoted argument unquoted)
    expect(awsCalls().map((call) => ['aws', ...call].join(' '))).toEqual(answered.map((line) => line.replace(/"([^"]*)"/g, '$1')));
    expect(awsCalls()[5]).toEqual([
      'lambda',
      'update-function-code',
      '--function-name',
      'file-sla-test-auth',
      '--zip-file',
      `fileb://${dist}/auth-lambda.zip`,
      '--publish',
      '--query',
      'Version',
      '--output',
      'text',
      '--region',
      'eu-central-1',
    ]);
    expect(run.stderr).toContain('deploy.sh: file-sla-test-auth: live -> version 7');
    expect(run.stderr).toContain('deploy.sh: file-sla-test-sla-error: live -> version 8');
    expect(run.stderr).toContain('+ aws cloudformation deploy --template-file infra/template.yaml --stack-name file-sla-test');
  });

  it('stops when a stack output is missing, before touching any function', () => {
    const broken = `${bin}-broken`;
    spawnSync('mkdir', ['-p', broken]);
    writeFileSync(join(broken, 'aws'), '#!/usr/bin/env bash\necho None\n');
    chmodSync(join(broken, 'aws'), 0o755);
    const missing = spawnSync('bash', [script, '--rollback', '--region', 'eu-central-1'], {
      env: { PATH: `${broken}:/usr/bin:/bin`, HOME: work },
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/stack file-sla-errors has no output AuthFunctionName/);
  });

  it('rolls each live alias back to the second newest numbered version (numeric order, $LATEST ignored)', () => {
    resetAws();
    const run = deploySh(['--rollback', '--stack-name', 'file-sla-test', '--region', 'eu-central-1']);
    expect(run.status).toBe(0);
    const updates = awsCalls().filter((call) => call[1] === 'update-alias');
    expect(updates.map((call) => [call[3], call[7]])).toEqual([
      ['file-sla-test-auth', '9'],
      ['file-sla-test-sla-error', '9'],
    ]);
    expect(run.stderr).toContain('deploy.sh: file-sla-test-auth: live -> version 9 (rolled back)');
  });

  it('refuses a rollback when there is no previous version, and moves no alias', () => {
    resetAws();
    const run = deploySh(['--rollback', '--stack-name', 'file-sla-test', '--region', 'eu-central-1'], { FAKE_AWS_VERSIONS: '$LATEST\t1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/file-sla-test-auth has fewer than two published versions: nothing to roll back to/);
    expect(awsCalls().filter((call) => call[1] === 'update-alias')).toEqual([]);
  });
});
