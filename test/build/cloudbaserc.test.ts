import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEMPLATE_ENV } from '../../cloudfunctions/_shared/notify';
import { findFunctions } from '../../scripts/build-functions';
import { cloudbaseConfig, DEFAULT_TIMEOUT_S, formatConfig, LOCAL_ONLY_VARIABLES, readCloudbaseRc, RUNTIME } from '../../scripts/cloudbase-config';

const REPO = path.join(__dirname, '../..');
const committed = readCloudbaseRc();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

describe('cloudbaserc.json (the CloudBase CLI\'s declaration of the functions)', () => {
  test('names every function folder', () => {
    const folders = findFunctions(path.join(REPO, 'cloudfunctions')).map((f) => f.name);
    expect(folders.length).toBeGreaterThanOrEqual(5);
    expect(committed.functions.map((f) => f.name)).toEqual(folders);
  });

  test('is exactly what the function folders say (npm run deploy:config rewrites it)', async () => {
    expect(fs.readFileSync(path.join(REPO, 'cloudbaserc.json'), 'utf8')).toBe(formatConfig(await cloudbaseConfig()));
  });

  test('environment from .env, functions from the build output, each installed in the cloud on the bundles\' runtime', () => {
    expect(committed).toEqual(expect.objectContaining({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: 'build/cloudfunctions' }));
    const buildScript = fs.readFileSync(path.join(REPO, 'scripts/build-functions.ts'), 'utf8');
    const target = /target: 'node(\d+)'/.exec(buildScript)![1];
    expect(RUNTIME).toBe(`Nodejs${target}.13`);
    for (const fn of committed.functions) {
      expect(fn).toEqual(expect.objectContaining({ handler: 'index.main', runtime: RUNTIME, installDependency: true }));
      for (const [name, value] of Object.entries(fn.envVariables)) expect(value).toBe(`{{env.${name}}}`);
    }
  });

  test('triggers and timeouts come from each function\'s config.json', () => {
    for (const fn of committed.functions) {
      const file = path.join(REPO, 'cloudfunctions', fn.name, 'config.json');
      const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      expect([fn.name, fn.triggers ?? []]).toEqual([fn.name, config.triggers ?? []]);
      expect([fn.name, fn.timeout]).toEqual([fn.name, config.timeout ?? DEFAULT_TIMEOUT_S]);
    }
    expect(committed.functions.find((f) => f.name === 'course')!.triggers!.map((t) => t.name)).toEqual(['remind', 'reconcile']);
  });

  test('every variable the functions read is declared, where it is read, and none of the local cloud\'s', () => {
    const byFunction = Object.fromEntries(committed.functions.map((f) => [f.name, Object.keys(f.envVariables)]));
    const declared = new Set(Object.values(byFunction).flat());
    const read = new Set<string>();
    for (const file of walk(path.join(REPO, 'cloudfunctions')).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) read.add(m[1]);
    }
    for (const name of Object.values(TEMPLATE_ENV)) read.add(name);
    const expected = [...read].filter((n) => !LOCAL_ONLY_VARIABLES.includes(n)).sort();
    expect([...declared].sort()).toEqual(expected);
    expect(byFunction.org).toEqual(['HEAD_ADMIN_OPENIDS']);
    expect(byFunction.course).toEqual(expect.arrayContaining(['WXACODE_ENV_VERSION', 'SUBSCRIBE_TEMPLATE_COURSE_REMIND']));
    expect(byFunction.quiz).toEqual(expect.arrayContaining(['QUIZ_TITLE_MIN_SCORE', 'QUIZ_TITLE_MIN_QUIZZES']));
    expect(byFunction.quiz).not.toContain('WXACODE_ENV_VERSION');
  });

  test('a new function folder appears with its own config.json and variables', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csu-rc-'));
    try {
      fs.mkdirSync(path.join(dir, 'report'));
      fs.writeFileSync(path.join(dir, 'report', 'index.ts'), 'export async function main() { return process.env.REPORT_BUCKET ?? process.env.LOCAL_CLOUD; }\n');
      fs.writeFileSync(path.join(dir, 'report', 'config.json'), JSON.stringify({ timeout: 60, triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }] }));
      fs.mkdirSync(path.join(dir, '_lib'));
      fs.writeFileSync(path.join(dir, '_lib', 'index.ts'), 'export const x = 1;\n');
      const config = await cloudbaseConfig(dir);
      expect(config.functions).toEqual([
        {
          name: 'report',
          handler: 'index.main',
          runtime: RUNTIME,
          timeout: 60,
          installDependency: true,
          envVariables: { REPORT_BUCKET: '{{env.REPORT_BUCKET}}' },
          triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }],
        },
      ]);
      fs.writeFileSync(path.join(dir, 'report', 'config.json'), JSON.stringify({ triggers: [{ name: 'x', type: 'cos', config: 'b' }] }));
      await expect(cloudbaseConfig(dir)).rejects.toThrow(/type "timer"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
