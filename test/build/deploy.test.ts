import CloudBase from '@cloudbase/manager-node';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadIndexDeclaration } from '../../emulator/engine';
import { readCloudbaseRc } from '../../scripts/cloudbase-config';
import { deploy, parseArgs, planDeploy, type ManagerLike } from '../../scripts/deploy';
import { FakeManager } from './fake-manager';

const REPO = path.join(__dirname, '../..');
const ENV = 'env-test-1';
const FUNCTION_ROOT = path.join(REPO, 'build/cloudfunctions');
const rc = readCloudbaseRc();
const names = rc.functions.map((f) => f.name);

/** What the deploy gives the manager for a function: cloudbaserc.json with the values of `env`. */
function spec(name: string, envVariables: Record<string, string>) {
  const fn = rc.functions.find((f) => f.name === name)!;
  return { name, handler: 'index.main', runtime: fn.runtime, timeout: fn.timeout, installDependency: true, envVariables };
}

describe('npm run deploy: functions', () => {
  test('a fresh environment: the database first, then each function created from build/cloudfunctions, then its timers', async () => {
    const cloud = new FakeManager();
    const env = { HEAD_ADMIN_OPENIDS: 'o-admin-1,o-admin-2', WXACODE_ENV_VERSION: 'trial' };
    const report = await deploy(cloud.manager, planDeploy({ envId: ENV, env }));

    const methods = cloud.calls.map((c) => c.method);
    const firstFunctionCall = methods.indexOf('functions.listAllFunctions');
    expect(methods.slice(0, firstFunctionCall).every((m) => m.startsWith('database.') || m.startsWith('commonService('))).toBe(true);
    expect(methods.slice(firstFunctionCall).every((m) => m.startsWith('functions.'))).toBe(true);
    expect(methods.filter((m) => m === 'database.createCollectionIfNotExists')).toHaveLength(Object.keys(loadIndexDeclaration()).length);

    const expected: unknown[][] = [['functions.listAllFunctions', { envId: ENV }]];
    for (const fn of rc.functions) {
      const values = Object.fromEntries(Object.keys(fn.envVariables).filter((k) => k in env).map((k) => [k, env[k as keyof typeof env]]));
      expected.push(['functions.createFunction', { func: spec(fn.name, values), functionRootPath: FUNCTION_ROOT, force: false }]);
      if (fn.triggers?.length) expected.push(['functions.createFunctionTriggers', fn.name, fn.triggers]);
    }
    expect(cloud.sequence().slice(firstFunctionCall)).toEqual(expected);

    // The repository's real declarations, spelled out.
    expect(names).toEqual(expect.arrayContaining(['org', 'user', 'course', 'quiz', 'volunteer']));
    expect(cloud.sequence()).toContainEqual([
      'functions.createFunctionTriggers',
      'course',
      [
        { name: 'remind', type: 'timer', config: '0 */5 * * * * *' },
        { name: 'reconcile', type: 'timer', config: '0 17 * * * * *' },
      ],
    ]);
    const course = cloud.calls.find((c) => c.method === 'functions.createFunction' && (c.args[0] as { func: { name: string } }).func.name === 'course')!;
    expect((course.args[0] as { func: unknown }).func).toEqual(
      expect.objectContaining({ runtime: 'Nodejs16.13', installDependency: true, envVariables: { HEAD_ADMIN_OPENIDS: 'o-admin-1,o-admin-2', WXACODE_ENV_VERSION: 'trial' } }),
    );
    expect(report.functionsCreated).toEqual(names);
    expect(report.triggersCreated).toEqual(['course.remind', 'course.reconcile']);
    expect(report.warnings.find((w) => w.startsWith('org:'))).toBeUndefined();
    expect(report.warnings.find((w) => w.startsWith('course:'))).toMatch(/SUBSCRIBE_TEMPLATE_COURSE_REMIND/);
  });

  test('a second run updates code, then configuration, keeps the cloud value of every unset variable, and leaves matching timers alone', async () => {
    const cloud = new FakeManager();
    await deploy(cloud.manager, planDeploy({ envId: ENV, env: { HEAD_ADMIN_OPENIDS: 'o-admin-1', SUBSCRIBE_TEMPLATE_COURSE_REMIND: 'tpl-remind' } }), { only: 'functions' });
    cloud.clearCalls();

    const env = { WXACODE_ENV_VERSION: 'release' };
    const report = await deploy(cloud.manager, planDeploy({ envId: ENV, env }), { only: 'functions' });
    const about = (arg: unknown): string | undefined =>
      typeof arg === 'string' ? arg : ((arg as { func?: { name: string }; name?: string }).func?.name ?? (arg as { name?: string }).name);
    const course = cloud.sequence().filter((call) => about(call[1]) === 'course');
    const kept = { HEAD_ADMIN_OPENIDS: 'o-admin-1', SUBSCRIBE_TEMPLATE_COURSE_REMIND: 'tpl-remind', WXACODE_ENV_VERSION: 'release' };
    expect(course).toEqual([
      ['functions.getFunctionDetail', 'course'],
      ['functions.updateFunctionCode', { func: spec('course', kept), functionRootPath: FUNCTION_ROOT }],
      ['functions.waitFunctionActive', 'course'],
      ['functions.updateFunctionConfig', spec('course', kept)],
      ['functions.waitFunctionActive', 'course'],
    ]);
    expect(report.functionsCreated).toEqual([]);
    expect(report.functionsUpdated).toEqual(names);
    expect(report.triggersCreated).toEqual([]);
    expect(report.triggersDeleted).toEqual([]);
    expect(cloud.functions.get('course')!.Variables).toEqual(Object.entries(kept).map(([Key, Value]) => ({ Key, Value })));
  });

  test('a timer changed in the cloud is replaced, and one no longer declared is removed', async () => {
    const cloud = new FakeManager();
    const plan = planDeploy({ envId: ENV, env: {} });
    await deploy(cloud.manager, plan, { only: 'functions' });
    const course = cloud.functions.get('course')!;
    course.Triggers = [
      { TriggerName: 'remind', Type: 'timer', TriggerDesc: JSON.stringify({ cron: '0 0 * * * * *' }) },
      { TriggerName: 'reconcile', Type: 'timer', TriggerDesc: '0 17 * * * * *' },
      { TriggerName: 'old-cleanup', Type: 'timer', TriggerDesc: '0 0 3 * * * *' },
    ];
    cloud.clearCalls();
    const report = await deploy(cloud.manager, plan, { only: 'functions' });
    expect(cloud.sequence().filter(([m]) => /Trigger/.test(String(m)))).toEqual([
      ['functions.deleteFunctionTrigger', 'course', 'remind'],
      ['functions.deleteFunctionTrigger', 'course', 'old-cleanup'],
      ['functions.createFunctionTriggers', 'course', [{ name: 'remind', type: 'timer', config: '0 */5 * * * * *' }]],
    ]);
    expect(report.triggersDeleted).toEqual(['course.remind', 'course.old-cleanup']);
    expect(course.Triggers.map((t) => t.TriggerName).sort()).toEqual(['reconcile', 'remind']);
  });

  test('warns when a function runs another runtime in the cloud (chosen only at creation)', async () => {
    const cloud = new FakeManager();
    const plan = planDeploy({ envId: ENV, env: {} });
    await deploy(cloud.manager, plan, { only: 'functions' });
    cloud.functions.get('org')!.Runtime = 'Nodejs12.16';
    const report = await deploy(cloud.manager, plan, { only: 'functions' });
    expect(report.warnings).toContain('org: runs Nodejs12.16 in the cloud, declared Nodejs16.13; a runtime is chosen only when a function is created');
  });

  test('--only functions makes no database call', async () => {
    const cloud = new FakeManager();
    await deploy(cloud.manager, planDeploy({ envId: ENV, env: {} }), { only: 'functions' });
    expect(cloud.calls.filter((c) => !c.method.startsWith('functions.'))).toEqual([]);
  });

  test('arguments', () => {
    expect(parseArgs([])).toEqual({ dryRun: false, only: undefined });
    expect(parseArgs(['--dry-run', '--only', 'database'])).toEqual({ dryRun: true, only: 'database' });
    expect(parseArgs(['--only=functions'])).toEqual({ dryRun: false, only: 'functions' });
    expect(() => parseArgs(['--only', 'hosting'])).toThrow(/database or functions/);
    expect(() => parseArgs(['--force'])).toThrow(/unknown argument/);
  });

  test('--dry-run prints the plan without credentials and without the network', () => {
    const env = { ...process.env };
    for (const k of ['TCB_ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY']) delete env[k];
    const out = execFileSync(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'scripts/deploy.ts', '--dry-run'], {
      cwd: REPO,
      env,
      encoding: 'utf8',
      timeout: 60000,
    });
    const declaration = loadIndexDeclaration();
    expect(out).toContain(`collections (${Object.keys(declaration).length}), each created if missing, permission ADMINONLY:`);
    expect(out).toContain('    index openid: openid asc');
    expect(out).toContain(`functions (${names.length}) from build/cloudfunctions:`);
    expect(out).toContain('    timer remind: 0 */5 * * * * *');
  });
});

describe('the recorded calls are the real @cloudbase/manager-node API', () => {
  // Typed as the real class: tsc fails here when a method the deploy uses is renamed or its
  // parameters change in @cloudbase/manager-node.
  const real: ManagerLike = new CloudBase({ envId: ENV, secretId: 'not-used', secretKey: 'not-used' });

  test('every method the deploy called exists on the manager, on the service the deploy took it from', async () => {
    const cloud = new FakeManager();
    await deploy(cloud.manager, planDeploy({ envId: ENV, env: {} }));
    await deploy(cloud.manager, planDeploy({ envId: ENV, env: {} }));
    cloud.functions.get('course')!.Triggers.push({ TriggerName: 'stale', Type: 'timer', TriggerDesc: '0 0 3 * * * *' });
    await deploy(cloud.manager, planDeploy({ envId: ENV, env: {} }), { only: 'functions' });

    const used = [...new Set(cloud.calls.map((c) => c.method))].sort();
    expect(used).toEqual(
      [
        'commonService(tcb,2018-06-08).call',
        'database.createCollectionIfNotExists',
        'database.describeCollection',
        'database.updateCollection',
        'functions.createFunction',
        'functions.createFunctionTriggers',
        'functions.deleteFunctionTrigger',
        'functions.getFunctionDetail',
        'functions.listAllFunctions',
        'functions.updateFunctionCode',
        'functions.updateFunctionConfig',
        'functions.waitFunctionActive',
      ].sort(),
    );
    const services = real as unknown as Record<string, Record<string, unknown>>;
    for (const method of used) {
      if (method.startsWith('commonService(')) {
        expect(typeof real.commonService('tcb', '2018-06-08').call).toBe('function');
        continue;
      }
      const [service, name] = method.split('.');
      expect([method, typeof services[service][name]]).toEqual([method, 'function']);
    }
  });

  test('ModifyDatabaseACL is the documented TCB action the manager sends as is', () => {
    // The manager's CommonService passes Action and Param through unchanged (lib/common).
    const source = fs.readFileSync(require.resolve('@cloudbase/manager-node/lib/common/index.js'), 'utf8');
    expect(source).toMatch(/tcb: '2018-06-08'/);
    expect(source).toMatch(/this\.commonService\.request\(Action, Object\.assign\(\{\}, Param\)\)/);
  });
});
