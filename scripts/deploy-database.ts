/**
 * `npm run deploy:db`: prepares a CloudBase environment's database from the one declaration,
 * database/indexes.json: creates every collection (an existing one is left as it is) through
 * @cloudbase/node-sdk, then prints the indexes to create in the console (云开发控制台 → 数据库 →
 * <collection> → 索引管理) and the security rule every collection needs.
 *
 * Needs TCB_ENV_ID plus TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (a CAM key of the account).
 */
import tcb from '@cloudbase/node-sdk';
import { loadIndexDeclaration } from '../emulator/engine';
import type { IndexDeclaration } from '../emulator/engine';

/** Every collection has to deny direct client access: the functions are the only way in. */
export const SECURITY_RULE = '{ "read": false, "write": false }';

export interface DeployReport {
  created: string[];
  existing: string[];
}

type CloudBaseDb = { createCollection(name: string): Promise<{ code?: string; message?: string }> };

export async function deployDatabase(db: CloudBaseDb, declaration: IndexDeclaration = loadIndexDeclaration()): Promise<DeployReport> {
  const report: DeployReport = { created: [], existing: [] };
  for (const name of Object.keys(declaration).sort()) {
    const res = await db.createCollection(name);
    if (!res?.code) report.created.push(name);
    else if (/ALREADY_EXIST/i.test(res.code)) report.existing.push(name);
    else throw new Error(`creating collection ${name} failed: ${res.code} ${res.message ?? ''}`);
  }
  return report;
}

/** The console's index form, one line per index: name, unique or not, fields with 升序/降序. */
export function describeIndexes(declaration: IndexDeclaration): string[] {
  return Object.keys(declaration)
    .sort()
    .flatMap((collection) =>
      declaration[collection].map(
        (index) =>
          `${collection}  ${index.name}  ${index.unique ? '唯一' : '非唯一'}  ` +
          index.keys.map((k) => `${k.field} ${k.direction === 1 ? '升序' : '降序'}`).join(', '),
      ),
    );
}

async function main(): Promise<void> {
  const env = process.env.TCB_ENV_ID;
  const secretId = process.env.TENCENTCLOUD_SECRETID;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
  if (!env || !secretId || !secretKey) {
    console.error('Set TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY first.');
    process.exit(2);
  }
  const declaration = loadIndexDeclaration();
  const db = tcb.init({ env, secretId, secretKey }).database() as unknown as CloudBaseDb;
  const report = await deployDatabase(db, declaration);
  console.log(`collections created: ${report.created.join(', ') || '(none)'}`);
  console.log(`collections already there: ${report.existing.join(', ') || '(none)'}`);
  console.log(`\nSet every collection's permission to the custom rule ${SECURITY_RULE}.`);
  console.log('\nIndexes to create (collection, name, unique, fields):');
  for (const line of describeIndexes(declaration)) console.log(`  ${line}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
