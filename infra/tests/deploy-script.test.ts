import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { functionNames } from '../src/naming.mjs';
import { eventFixture } from './fixtures/manifests.js';
import { loadManifests } from './support/app.js';
import { deployedName, deployWorkspace, expectedDeployPlan, JWKS, outputQuery, POOL_ID, script } from './support/deploy-script.js';

// The functions come from the build's dist/functions.json, written here from the manifests (as the
// build does), so every expectation below holds for however many functions packages/ has.
const manifests = await loadManifests();
const work = mkdtempSync(join(tmpdir(), 'deploy-sh-'));
const ws = deployWorkspace(work, manifests);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const plan = (o: { stack: string; region: string; bucket: string; extra?: string; role?: string }) => expectedDeployPlan(manifests, { dist: ws.dist, hashes: ws.hashes, ...o });
const base = (stack: string, region: string, bucket: string) => ['--stack-name', stack, '--region', region, '--artifact-bucket', bucket, '--dist-dir', ws.dist];

describe('scripts/deploy.sh --dry-run', () => {
  it('prints every command of a deploy, exactly, for every function in functions.json, and runs none', () => {
    ws.reset();
    const run = ws.deploySh(['--dry-run', ...base('file-sla-prod', 'eu-central-1', 'my-artifacts')], { FAKE_AWS_REFUSE: '1' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(plan({ stack: 'file-sla-prod', region: 'eu-central-1', bucket: 'my-artifacts' }));
    expect(ws.refused()).toBe(false);
  });

  it('needs no AWS CLI at all', () => {
    const run = ws.deploySh(['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', ws.dist], {}, '/usr/bin:/bin');
    expect(spawnSync('bash', ['-c', 'command -v aws'], { env: { PATH: '/usr/bin:/bin' } }).status).not.toBe(0);
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(plan({ stack: 'file-sla-errors', region: 'eu-west-1', bucket: 'b' }));
  });

  it('takes the stack, region, bucket, execution role and dist folder from the environment; --stage and --parameter become overrides', () => {
    const run = ws.deploySh(['--dry-run', '--stage=staging', '--parameter', 'LogRetentionDays=90', '--parameter=LogLevel=DEBUG'], {
      STACK_NAME: 'file-sla-staging',
      AWS_REGION: 'us-east-2',
      ARTIFACT_BUCKET: 'ci-artifacts',
      CFN_EXECUTION_ROLE_ARN: 'arn:aws:iam::123456789012:role/file-sla-cloudformation-us-east-2',
      DIST_DIR: ws.dist,
    });
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(
      plan({ stack: 'file-sla-staging', region: 'us-east-2', bucket: 'ci-artifacts', extra: ' Stage=staging LogRetentionDays=90 LogLevel=DEBUG', role: 'arn:aws:iam::123456789012:role/file-sla-cloudformation-us-east-2' }),
    );
  });

  it('falls back to AWS_DEFAULT_REGION; options win over the environment', () => {
    const run = ws.deploySh(['--dry-run', '--region', 'ap-south-1', '--dist-dir', ws.dist], { AWS_DEFAULT_REGION: 'eu-north-1', ARTIFACT_BUCKET: 'b' });
    expect(run.lines[0]).toMatch(/--region ap-south-1$/);
    const fallback = ws.deploySh(['--dry-run', '--dist-dir', ws.dist], { AWS_DEFAULT_REGION: 'eu-north-1', ARTIFACT_BUCKET: 'b' });
    expect(fallback.lines[0]).toMatch(/--region eu-north-1$/);
  });

  it('plans a function that only functions.json names (a new package), with no edit to the script', () => {
    const extra = mkdtempSync(join(tmpdir(), 'deploy-sh-extra-'));
    try {
      const more = deployWorkspace(extra, [...manifests, eventFixture]);
      const run = more.deploySh(['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', more.dist]);
      expect(run.status).toBe(0);
      expect(run.lines).toEqual(expectedDeployPlan([...manifests, eventFixture], { dist: more.dist, hashes: more.hashes, stack: 'file-sla-errors', region: 'eu-west-1', bucket: 'b' }));
      expect(run.stdout).toContain(`${functionNames(eventFixture.name).codeKeyParameter}=file-sla-errors/${eventFixture.name}/`);
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('prints the rollback: function names, their versions, then every alias moved', () => {
    ws.reset();
    const run = ws.deploySh(['--dry-run', '--rollback', '--stack-name', 'file-sla-prod', '--region', 'eu-central-1', '--dist-dir', ws.dist], { FAKE_AWS_REFUSE: '1' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const outputs = manifests.map((manifest) => functionNames(manifest.name).functionNameOutput);
    expect(run.lines).toEqual([
      ...outputs.map((output) => `aws cloudformation describe-stacks --stack-name file-sla-prod --query ${outputQuery(output)} --output text --region eu-central-1`),
      ...outputs.map((output) => `aws lambda list-versions-by-function --function-name <${output}> --query 'Versions[].Version' --output text --region eu-central-1`),
      ...manifests.map(
        (manifest) =>
          `aws lambda update-alias --function-name <${functionNames(manifest.name).functionNameOutput}> --name live --function-version <${manifest.name}-previous-version> --query FunctionVersion --output text --region eu-central-1`,
      ),
    ]);
    expect(ws.refused()).toBe(false);
  });

  it.each([
    [['--dry-run', '--artifact-bucket', 'b'], /no region: pass --region or set AWS_REGION/],
    [['--dry-run', '--region', 'eu-west-1'], /no artifact bucket: pass --artifact-bucket or set ARTIFACT_BUCKET/],
    [['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', '/nonexistent'], /\/nonexistent\/infra\/service\.template\.json not found: run pnpm synth first/],
    [['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', '/nonexistent', '--template', script], /\/nonexistent\/functions\.json not found: run pnpm build first/],
    [['--dry-run', '--region'], /--region needs a value/],
    [['--dry-run', '--region', 'eu-west-1', '--parameter', 'oops'], /--parameter needs KEY=VALUE/],
    [['--dry-run', '--surprise'], /unknown option: --surprise/],
  ])('refuses %j', (args, message) => {
    const run = ws.deploySh(args);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('refuses a zip that is not the one the build recorded in functions.json (SHA-256)', () => {
    const extra = mkdtempSync(join(tmpdir(), 'deploy-sh-tampered-'));
    try {
      const tampered = deployWorkspace(extra, manifests);
      writeFileSync(join(tampered.dist, `${manifests[0]!.name}.zip`), 'something else');
      const run = tampered.deploySh(['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--dist-dir', tampered.dist]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`${manifests[0]!.name}\\.zip has SHA-256 [0-9a-f]{64}, but .*functions\\.json says ${tampered.hashes[manifests[0]!.name]}: not the zip that was built`));
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('--help prints the usage', () => {
    const run = ws.deploySh(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: scripts\/deploy\.sh/);
  });
});

describe('scripts/deploy.sh against a stand-in AWS CLI', () => {
  /** The dry-run plan with the stand-in's answers filled in, as the calls the stand-ins must record. */
  const answeredPlan = (o: { jwksChanged: boolean }) => {
    let version = 6;
    const lines = plan({ stack: 'file-sla-test', region: 'eu-central-1', bucket: 'my-artifacts' })
      .filter((line) => !line.startsWith('#'))
      .filter((line, i, all) => o.jwksChanged || !(line.includes('UserPoolJwks=<user-pool-jwks>') && all.indexOf(line) === i))
      .map((line) => {
        let answered = line.replace('<UserPoolId>', POOL_ID).replace('<user-pool-jwks>', JWKS);
        for (const manifest of manifests) answered = answered.replaceAll(`<${functionNames(manifest.name).functionNameOutput}>`, deployedName(manifest));
        const placeholder = /<([a-z0-9-]+)-version>/.exec(answered);
        if (placeholder) answered = answered.replace(placeholder[0], String(++version));
        return answered;
      });
    // what ran is what a dry run prints, unquoted
    return lines.map((line) => line.replace(/(^| )"([^"]*)"(?= |$)/g, '$1$2').replace(/(^| )'([^']*)'(?= |$)/g, '$1$2'));
  };

  it('runs the printed commands, passes the pool\'s new JWKS in a second stack deploy, and moves each alias to the version it published', () => {
    ws.reset();
    const run = ws.deploySh(base('file-sla-test', 'eu-central-1', 'my-artifacts'));
    expect(run.stderr).not.toMatch(/deploy\.sh: .*(not|no |fewer)/);
    expect(run.status).toBe(0);
    expect(ws.calls().map((call) => call.join(' '))).toEqual(answeredPlan({ jwksChanged: true }));
    const second = ws.calls().filter((call) => call[2] === 'deploy')[1]!;
    expect(second[second.indexOf('--parameter-overrides') + 1 + manifests.length + 1]).toBe(`UserPoolJwks=${JWKS}`);
    manifests.forEach((manifest, i) => expect(run.stderr).toContain(`deploy.sh: ${deployedName(manifest)}: live -> version ${7 + i}`));
    expect(run.stderr).toContain("deploy.sh: the user pool's JWKS is new to the stack: deploying it (UserPoolJwks)");
  });

  it('deploys the stack once when the pool\'s JWKS is the one the stack already has', () => {
    ws.reset();
    const run = ws.deploySh(base('file-sla-test', 'eu-central-1', 'my-artifacts'), { FAKE_CURRENT_JWKS: JWKS });
    expect(run.status).toBe(0);
    expect(ws.calls().filter((call) => call[2] === 'deploy')).toHaveLength(1);
    expect(ws.calls().map((call) => call.join(' '))).toEqual(answeredPlan({ jwksChanged: false }));
  });

  it('stops when a stack output is missing, before touching any function', () => {
    const broken = `${ws.bin}-broken`;
    spawnSync('mkdir', ['-p', broken]);
    writeFileSync(join(broken, 'aws'), '#!/usr/bin/env bash\necho None\n');
    spawnSync('chmod', ['+x', join(broken, 'aws')]);
    const missing = ws.deploySh(['--rollback', '--region', 'eu-central-1', '--dist-dir', ws.dist], {}, `${broken}:/usr/bin:/bin`);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`stack file-sla-errors has no output ${functionNames(manifests[0]!.name).functionNameOutput}`));
  });

  it('rolls each live alias back to the second newest numbered version (numeric order, $LATEST ignored)', () => {
    ws.reset();
    const run = ws.deploySh(['--rollback', '--stack-name', 'file-sla-test', '--region', 'eu-central-1', '--dist-dir', ws.dist]);
    expect(run.status).toBe(0);
    const updates = ws.calls().filter((call) => call[2] === 'update-alias');
    expect(updates.map((call) => [call[4], call[8]])).toEqual(manifests.map((manifest) => [deployedName(manifest), '9']));
    expect(run.stderr).toContain(`deploy.sh: ${deployedName(manifests[0]!)}: live -> version 9 (rolled back)`);
  });

  it('refuses a rollback when there is no previous version, and moves no alias', () => {
    ws.reset();
    const run = ws.deploySh(['--rollback', '--stack-name', 'file-sla-test', '--region', 'eu-central-1', '--dist-dir', ws.dist], { FAKE_AWS_VERSIONS: '$LATEST\t1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${deployedName(manifests[0]!)} has fewer than two published versions: nothing to roll back to`));
    expect(ws.calls().filter((call) => call[2] === 'update-alias')).toEqual([]);
  });
});
