import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadIndexDeclaration } from '../../emulator/engine';
import { COLLECTION_ACL, deploy, indexesToCreate, planDeploy } from '../../scripts/deploy';
import { FakeManager } from '../build/fake-manager';
import { startTestCloud } from '../support/cloud';

const REPO = path.join(__dirname, '../..');
const ENV = 'env-test-1';
const TCB = 'commonService(tcb,2018-06-08).call';

/** npm run deploy:db — the database part of npm run deploy, from database/indexes.json. */
describe('deploy:db', () => {
  const declaration = loadIndexDeclaration();
  const names = Object.keys(declaration).sort();

  test('is the database part of npm run deploy', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts;
    expect(scripts['deploy:db']).toBe('tsx scripts/deploy.ts --only database');
  });

  test('a fresh environment: each collection, then its indexes in one request, then ADMINONLY — nothing else', async () => {
    const cloud = new FakeManager();
    const report = await deploy(cloud.manager, planDeploy({ envId: ENV }), { only: 'database' });

    const expected: unknown[][] = [];
    for (const name of names) {
      expected.push(['database.createCollectionIfNotExists', name], ['database.describeCollection', name]);
      if (declaration[name].length) expected.push(['database.updateCollection', name, { CreateIndexes: indexesToCreate(declaration, name) }]);
      expected.push([TCB, { Action: 'ModifyDatabaseACL', Param: { EnvId: ENV, CollectionName: name, AclTag: 'ADMINONLY' } }]);
    }
    expect(cloud.sequence()).toEqual(expected);
    expect(report.collectionsCreated).toEqual(names);
    expect(report.indexesCreated).toHaveLength(Object.values(declaration).reduce((n, list) => n + list.length, 0));
    expect([...cloud.acl.values()]).toEqual(names.map(() => COLLECTION_ACL));
  });

  test('the index request carries the declared keys, directions as "1"/"-1", and uniqueness', () => {
    const roles = indexesToCreate(declaration, 'roles').find((i) => i.IndexName === 'openid');
    expect(roles).toEqual({ IndexName: 'openid', MgoKeySchema: { MgoIndexKeys: [{ Name: 'openid', Direction: '1' }], MgoIsUnique: false } });
    for (const n of names) {
      indexesToCreate(declaration, n).forEach((index, j) => {
        expect(index.MgoKeySchema.MgoIndexKeys).toEqual(declaration[n][j].keys.map((k) => ({ Name: k.field, Direction: k.direction === 1 ? '1' : '-1' })));
      });
    }
    const all = names.flatMap((n) => indexesToCreate(declaration, n));
    const uniques = names.flatMap((n) => declaration[n].filter((i) => i.unique).map((i) => `${n}.${i.name}`));
    expect(all.filter((i) => i.MgoKeySchema.MgoIsUnique)).toHaveLength(uniques.length);
  });

  test('a second run creates nothing and only re-asserts the permission', async () => {
    const cloud = new FakeManager();
    const plan = planDeploy({ envId: ENV });
    await deploy(cloud.manager, plan, { only: 'database' });
    cloud.clearCalls();
    const again = await deploy(cloud.manager, plan, { only: 'database' });
    expect(again.collectionsCreated).toEqual([]);
    expect(again.indexesCreated).toEqual([]);
    expect(cloud.calls.map((c) => c.method)).not.toContain('database.updateCollection');
    expect(cloud.calls.filter((c) => c.method === TCB)).toHaveLength(names.length);
  });

  test('creates only the indexes missing in the cloud, and names the undeclared ones', async () => {
    const cloud = new FakeManager();
    const plan = planDeploy({ envId: ENV });
    await deploy(cloud.manager, plan, { only: 'database' });
    const target = names.find((n) => declaration[n].length >= 2)!;
    const [dropped] = declaration[target];
    cloud.collections.set(target, [
      ...cloud.collections.get(target)!.filter((i) => i.Name !== dropped.name),
      { Name: 'legacy_index', Keys: [{ Name: 'x', Direction: '1' }], Unique: false },
    ]);
    cloud.clearCalls();
    const report = await deploy(cloud.manager, plan, { only: 'database' });
    expect(cloud.sequence().filter(([m]) => m === 'database.updateCollection')).toEqual([
      ['database.updateCollection', target, { CreateIndexes: indexesToCreate(declaration, target).filter((i) => i.IndexName === dropped.name) }],
    ]);
    expect(report.indexesUndeclared).toEqual([`${target}.legacy_index`]);
  });

  test('stops on an index whose keys changed under the same name, before touching it', async () => {
    const cloud = new FakeManager();
    const plan = planDeploy({ envId: ENV });
    await deploy(cloud.manager, plan, { only: 'database' });
    const target = names.find((n) => declaration[n].length > 0)!;
    const index = cloud.collections.get(target)!.find((i) => i.Name === declaration[target][0].name)!;
    index.Keys = [{ Name: 'somethingElse', Direction: '-1' }];
    cloud.clearCalls();
    await expect(deploy(cloud.manager, plan, { only: 'database' })).rejects.toThrow(new RegExp(`${target}\\.${index.Name} exists in the cloud with other keys`));
    expect(cloud.calls.map((c) => c.method)).not.toContain('database.updateCollection');
  });

  test('the collections it creates are the ones the local engine starts with', async () => {
    const local = await startTestCloud({ seed: undefined });
    try {
      expect([...local.engine.collectionNames()].sort()).toEqual(expect.arrayContaining(names));
    } finally {
      await local.close();
    }
  });
});
