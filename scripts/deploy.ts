/**
 * `npm run deploy`: brings a CloudBase environment to what the repository declares, through
 * @cloudbase/manager-node (the library behind the CloudBase CLI):
 *
 * 1. database: every collection of database/indexes.json (`createCollectionIfNotExists`), its
 *    missing indexes (`updateCollection` with CreateIndexes), and its permission ADMINONLY
 *    (ModifyDatabaseACL: no client reads or writes; only the functions reach the data);
 * 2. functions: builds them (`npm run build`), then creates or updates each function of
 *    cloudbaserc.json from build/cloudfunctions (code, runtime, timeout, environment variables,
 *    installDependency) and its timer triggers.
 *
 * Needs TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (TCB_REGION optional).
 * The functions' environment variables come from this shell, by the names cloudbaserc.json lists;
 * a name that is unset here keeps the value the function already has in the cloud.
 *
 *   npm run deploy                      everything
 *   npm run deploy -- --dry-run         print the plan, change nothing (no credentials needed)
 *   npm run deploy -- --only database   (= npm run deploy:db) or --only functions
 */
import CloudBase from '@cloudbase/manager-node';
import * as path from 'node:path';
import { loadIndexDeclaration } from '../emulator/engine';
import type { IndexDeclaration } from '../emulator/engine';
import { buildFunctions } from './build-functions';
import { readCloudbaseRc, type CloudbaseFunction, type CloudbaseRc, type TimerTrigger } from './cloudbase-config';

const REPO_ROOT = path.join(__dirname, '..');

type Manager = InstanceType<typeof CloudBase>;

/** The part of the manager the deploy uses: the real classes' own method types. */
export interface ManagerLike {
  database: Pick<Manager['database'], 'createCollectionIfNotExists' | 'describeCollection' | 'updateCollection'>;
  functions: Pick<
    Manager['functions'],
    | 'listAllFunctions'
    | 'getFunctionDetail'
    | 'createFunction'
    | 'updateFunctionCode'
    | 'waitFunctionActive'
    | 'updateFunctionConfig'
    | 'createFunctionTriggers'
    | 'deleteFunctionTrigger'
  >;
  commonService(service?: string, version?: string): Pick<ReturnType<Manager['commonService']>, 'call'>;
}

/** Clients can neither read nor write any collection: the functions are the only way in. */
export const COLLECTION_ACL = 'ADMINONLY';

export interface IndexToCreate {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean };
}

export interface CollectionPlan {
  name: string;
  indexes: IndexToCreate[];
}

/** A function as it will be configured: cloudbaserc.json with the placeholders resolved. */
export interface FunctionPlan {
  name: string;
  handler: string;
  runtime: string;
  timeout: number;
  installDependency: true;
  /** The values set from this shell. */
  envVariables: Record<string, string>;
  /** Declared names this shell leaves unset (the cloud keeps its value, if any). */
  unsetVariables: string[];
  triggers: TimerTrigger[];
}

export interface DeployPlan {
  envId: string;
  functionRoot: string;
  collections: CollectionPlan[];
  functions: FunctionPlan[];
}

export type Part = 'database' | 'functions';

export function indexesToCreate(declaration: IndexDeclaration, collection: string): IndexToCreate[] {
  return declaration[collection].map((index) => ({
    IndexName: index.name,
    MgoKeySchema: {
      MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
      MgoIsUnique: index.unique === true,
    },
  }));
}

const PLACEHOLDER = /^\{\{env\.([A-Za-z_][A-Za-z0-9_]*)\}\}$/;

function planFunction(fn: CloudbaseFunction, env: NodeJS.ProcessEnv): FunctionPlan {
  const envVariables: Record<string, string> = {};
  const unsetVariables: string[] = [];
  for (const [key, raw] of Object.entries(fn.envVariables)) {
    const m = PLACEHOLDER.exec(raw);
    const value = m ? env[m[1]] : raw;
    if (value === undefined || value === '') unsetVariables.push(key);
    else envVariables[key] = value;
  }
  return {
    name: fn.name,
    handler: fn.handler,
    runtime: fn.runtime,
    timeout: fn.timeout,
    installDependency: true,
    envVariables,
    unsetVariables,
    triggers: fn.triggers ?? [],
  };
}

export function planDeploy(options: {
  envId: string;
  declaration?: IndexDeclaration;
  config?: CloudbaseRc;
  env?: NodeJS.ProcessEnv;
}): DeployPlan {
  const declaration = options.declaration ?? loadIndexDeclaration();
  const config = options.config ?? readCloudbaseRc();
  const env = options.env ?? process.env;
  return {
    envId: options.envId,
    functionRoot: path.resolve(REPO_ROOT, config.functionRoot),
    collections: Object.keys(declaration)
      .sort()
      .map((name) => ({ name, indexes: indexesToCreate(declaration, name) })),
    functions: config.functions.map((fn) => planFunction(fn, env)),
  };
}

export interface DeployReport {
  collectionsCreated: string[];
  indexesCreated: string[];
  /** Indexes in the cloud that database/indexes.json does not declare (left alone). */
  indexesUndeclared: string[];
  functionsCreated: string[];
  functionsUpdated: string[];
  triggersCreated: string[];
  triggersDeleted: string[];
  warnings: string[];
}

function sameKeys(remote: { Keys?: { Name?: string; Direction?: string | number }[]; Unique?: boolean }, wanted: IndexToCreate): boolean {
  const keys = (remote.Keys ?? []).map((k) => `${k.Name ?? ''}:${String(k.Direction ?? '')}`).join(',');
  const want = wanted.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name}:${k.Direction}`).join(',');
  return keys === want && !!remote.Unique === wanted.MgoKeySchema.MgoIsUnique;
}

async function deployDatabase(manager: ManagerLike, plan: DeployPlan, report: DeployReport, log: (line: string) => void): Promise<void> {
  const tcb = manager.commonService('tcb', '2018-06-08');
  for (const collection of plan.collections) {
    const created = await manager.database.createCollectionIfNotExists(collection.name);
    if (created.IsCreated) report.collectionsCreated.push(collection.name);

    const described = await manager.database.describeCollection(collection.name);
    const present = new Map((described.Indexes ?? []).map((i) => [i.Name, i]));
    const missing: IndexToCreate[] = [];
    for (const index of collection.indexes) {
      const existing = present.get(index.IndexName);
      if (!existing) missing.push(index);
      else if (!sameKeys(existing, index)) {
        throw new Error(
          `index ${collection.name}.${index.IndexName} exists in the cloud with other keys: give the changed index a new name in database/indexes.json`,
        );
      }
    }
    const declared = new Set(collection.indexes.map((i) => i.IndexName));
    for (const name of present.keys()) if (name !== '_id_' && !declared.has(name)) report.indexesUndeclared.push(`${collection.name}.${name}`);
    if (missing.length) {
      await manager.database.updateCollection(collection.name, { CreateIndexes: missing });
      report.indexesCreated.push(...missing.map((i) => `${collection.name}.${i.IndexName}`));
    }

    await tcb.call({ Action: 'ModifyDatabaseACL', Param: { EnvId: plan.envId, CollectionName: collection.name, AclTag: COLLECTION_ACL } });
    log(`collection ${collection.name}: ${created.IsCreated ? 'created' : 'present'}, ${missing.length} index(es) created, ${COLLECTION_ACL}`);
  }
}

/** The manager's function description, for create and update alike (triggers go separately). */
function functionSpec(fn: FunctionPlan, envVariables: Record<string, string>) {
  return {
    name: fn.name,
    handler: fn.handler,
    runtime: fn.runtime,
    timeout: fn.timeout,
    installDependency: fn.installDependency,
    envVariables,
  };
}

function cronOf(trigger: { TriggerDesc?: string; Config?: string }): string {
  const desc = trigger.TriggerDesc ?? trigger.Config ?? '';
  try {
    const parsed = JSON.parse(desc) as { cron?: string };
    if (parsed && typeof parsed.cron === 'string') return parsed.cron;
  } catch {
    // A plain cron expression.
  }
  return desc;
}

async function deployFunctions(manager: ManagerLike, plan: DeployPlan, report: DeployReport, log: (line: string) => void): Promise<void> {
  const existing = new Set((await manager.functions.listAllFunctions({ envId: plan.envId })).map((f) => f.FunctionName));
  const functionRootPath = plan.functionRoot;
  for (const fn of plan.functions) {
    if (fn.unsetVariables.length) report.warnings.push(`${fn.name}: not set in this shell, kept as in the cloud: ${fn.unsetVariables.join(', ')}`);
    let toCreate: TimerTrigger[] = fn.triggers;
    if (!existing.has(fn.name)) {
      await manager.functions.createFunction({ func: functionSpec(fn, fn.envVariables), functionRootPath, force: false });
      report.functionsCreated.push(fn.name);
    } else {
      const detail = await manager.functions.getFunctionDetail(fn.name);
      if (detail.Runtime && detail.Runtime !== fn.runtime) {
        report.warnings.push(`${fn.name}: runs ${detail.Runtime} in the cloud, declared ${fn.runtime}; a runtime is chosen only when a function is created`);
      }
      // The variables replace the function's whole set: keep the cloud's value of every declared name left unset here.
      const kept = Object.fromEntries(
        (detail.Environment?.Variables ?? []).filter((v) => fn.unsetVariables.includes(v.Key)).map((v) => [v.Key, v.Value]),
      );
      const spec = functionSpec(fn, { ...kept, ...fn.envVariables });
      await manager.functions.updateFunctionCode({ func: spec, functionRootPath });
      await manager.functions.waitFunctionActive(fn.name);
      await manager.functions.updateFunctionConfig(spec);
      await manager.functions.waitFunctionActive(fn.name);
      report.functionsUpdated.push(fn.name);

      const timers = (detail.Triggers ?? []).filter((t) => t.Type === 'timer');
      const wanted = new Map(fn.triggers.map((t) => [t.name, t]));
      toCreate = fn.triggers.filter((t) => !timers.some((r) => r.TriggerName === t.name && cronOf(r) === t.config));
      for (const remote of timers) {
        const want = wanted.get(remote.TriggerName);
        if (!want || cronOf(remote) !== want.config) {
          await manager.functions.deleteFunctionTrigger(fn.name, remote.TriggerName);
          report.triggersDeleted.push(`${fn.name}.${remote.TriggerName}`);
        }
      }
    }
    if (toCreate.length) {
      await manager.functions.createFunctionTriggers(fn.name, toCreate);
      report.triggersCreated.push(...toCreate.map((t) => `${fn.name}.${t.name}`));
    }
    log(`function ${fn.name}: ${report.functionsCreated.includes(fn.name) ? 'created' : 'updated'}, ${toCreate.length} trigger(s) created`);
  }
}

export async function deploy(
  manager: ManagerLike,
  plan: DeployPlan,
  options: { only?: Part; log?: (line: string) => void } = {},
): Promise<DeployReport> {
  const log = options.log ?? (() => undefined);
  const report: DeployReport = {
    collectionsCreated: [],
    indexesCreated: [],
    indexesUndeclared: [],
    functionsCreated: [],
    functionsUpdated: [],
    triggersCreated: [],
    triggersDeleted: [],
    warnings: [],
  };
  if (options.only !== 'functions') await deployDatabase(manager, plan, report, log);
  if (options.only !== 'database') await deployFunctions(manager, plan, report, log);
  return report;
}

/** The plan in words, for --dry-run. */
export function describePlan(plan: DeployPlan, only?: Part): string[] {
  const lines: string[] = [`environment ${plan.envId}`];
  if (only !== 'functions') {
    lines.push(`collections (${plan.collections.length}), each created if missing, permission ${COLLECTION_ACL}:`);
    for (const c of plan.collections) {
      lines.push(`  ${c.name}`);
      for (const i of c.indexes) {
        const keys = i.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name} ${k.Direction === '1' ? 'asc' : 'desc'}`).join(', ');
        lines.push(`    index ${i.IndexName}${i.MgoKeySchema.MgoIsUnique ? ' (unique)' : ''}: ${keys}`);
      }
    }
  }
  if (only !== 'database') {
    lines.push(`functions (${plan.functions.length}) from ${path.relative(process.cwd(), plan.functionRoot) || plan.functionRoot}:`);
    for (const f of plan.functions) {
      lines.push(`  ${f.name}: ${f.runtime}, timeout ${f.timeout} s, installDependency`);
      const set = Object.keys(f.envVariables);
      if (set.length) lines.push(`    variables set: ${set.join(', ')}`);
      if (f.unsetVariables.length) lines.push(`    variables unset (kept as in the cloud): ${f.unsetVariables.join(', ')}`);
      for (const t of f.triggers) lines.push(`    timer ${t.name}: ${t.config}`);
    }
  }
  return lines;
}

export function parseArgs(argv: string[]): { dryRun: boolean; only?: Part } {
  let dryRun = false;
  let only: Part | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value !== 'database' && value !== 'functions') throw new Error('--only takes database or functions');
      only = value;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return { dryRun, only };
}

async function main(): Promise<void> {
  const { dryRun, only } = parseArgs(process.argv.slice(2));
  const envId = process.env.TCB_ENV_ID;
  const secretId = process.env.TENCENTCLOUD_SECRETID;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
  if (dryRun) {
    for (const line of describePlan(planDeploy({ envId: envId || '(TCB_ENV_ID)' }), only)) console.log(line);
    return;
  }
  if (!envId || !secretId || !secretKey) {
    console.error('Set TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY first (or use --dry-run).');
    process.exit(2);
  }
  const plan = planDeploy({ envId });
  if (only !== 'database') await buildFunctions();
  const manager = new CloudBase({ envId, secretId, secretKey, region: process.env.TCB_REGION || undefined });
  const report = await deploy(manager, plan, { only, log: (line) => console.log(line) });
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  if (report.indexesUndeclared.length) console.warn(`indexes in the cloud that database/indexes.json does not declare (left alone): ${report.indexesUndeclared.join(', ')}`);
  console.log(
    `done: ${report.collectionsCreated.length} collection(s) and ${report.indexesCreated.length} index(es) created; ` +
      `functions created ${report.functionsCreated.join(', ') || '-'}, updated ${report.functionsUpdated.join(', ') || '-'}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
