import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import reference from '../../database/reference/chongqing-branches.json';
import { startTestCloud, expectOk, type LocalCloud } from '../support/cloud';

describe('reference data', () => {
  it('is the shared list of the 41 branch schools', () => {
    expect(reference.branches).toHaveLength(41);
    const shared = path.join(__dirname, '..', '..', '..', 'shared', 'data', 'chongqing-branches.json');
    if (existsSync(shared)) expect(JSON.parse(readFileSync(shared, 'utf8'))).toEqual(reference);
  });

  describe('org.listBranches', () => {
    let cloud: LocalCloud;
    beforeAll(async () => {
      // No seeding: a fresh production environment, where the first call creates the branches.
      cloud = await startTestCloud({ seed: undefined });
    });
    afterAll(() => cloud.close());

    it('creates the branches once in an empty environment, then lists all 41 in reference order', async () => {
      const [a, b] = await Promise.all([cloud.call('org', { action: 'listBranches' }), cloud.call('org', { action: 'listBranches' })]);
      const first = expectOk<{ items: Array<{ id: string; code: string; name: string; district: string; pointCount: number }> }>(a);
      expect(expectOk<{ items: unknown[] }>(b).items).toHaveLength(41);
      expect(first.items).toHaveLength(41);
      expect(first.items.map((i) => i.code)).toEqual(reference.branches.map((r) => r.code));
      expect(first.items[2]).toEqual({ id: 'br_500103', code: '500103', name: '渝中区分校', district: '渝中区', pointCount: 0 });
      const { total } = await cloud.engine.request('database.calculateDocument', { collectionName: 'branches', queryType: 'WHERE' }).then((r: { data: { total: number } }) => r.data);
      expect(total).toBe(41);
    });
  });
});
