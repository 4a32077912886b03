import tcb from '@cloudbase/node-sdk';
import { deployDatabase, describeIndexes } from '../../scripts/deploy-database';
import { Engine, loadIndexDeclaration } from '../../emulator/engine';
import { useEngine } from '../../emulator/local-db';

/** The deploy step through @cloudbase/node-sdk, run against the local engine instead of CloudBase. */
describe('deploy:db', () => {
  // A new environment: the engine knows the declaration, but no collection was created yet.
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine({ filename: ':memory:', indexes: loadIndexDeclaration(), createCollections: false });
    useEngine(engine);
  });
  afterAll(() => engine.close());

  it('creates every declared collection once, and a second run finds them all', async () => {
    const declaration = loadIndexDeclaration();
    const db = tcb.init({ env: 'local', secretId: 'local', secretKey: 'local' }).database();
    const first = await deployDatabase(db as never, declaration);
    expect(first.created.sort()).toEqual(Object.keys(declaration).sort());
    expect(engine.collectionNames()).toEqual(Object.keys(declaration).sort());
    const second = await deployDatabase(db as never, declaration);
    expect(second).toEqual({ created: [], existing: Object.keys(declaration).sort() });
  });

  it('describes every index for the console', () => {
    const declaration = loadIndexDeclaration();
    const lines = describeIndexes(declaration);
    expect(lines).toHaveLength(Object.values(declaration).reduce((n, list) => n + list.length, 0));
    expect(lines.find((l) => l.startsWith('roles  openid'))).toMatch(/非唯一 {2}openid 升序$/);
  });
});
