import type { ListPointsParams, ListPointsResult, PointItem } from '../../../typings/org';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { publicAction } from '../../_shared/handler';
import { POINTS_COLLECTION, type PointDoc } from '../../_shared/org';
import { pageWindow, toPage } from '../../_shared/paging';
import { pageParams, z } from '../../_shared/validate';
import { cellIndexOf, haversineKm, RING_BATCHES, ringCells, roundKm, searchedRadiusKm } from '../geo';
import { branchIdField, latLng } from '../schemas';
import { toPointItem } from '../views';

/**
 * A keyword is literal text for a regex-backed search: pasted tabs and line breaks count as one
 * space; other control characters (NUL among them, which the database refuses inside a pattern)
 * are refused; every regex special is escaped (escapeRegExp).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const keywordField = z
  .string({ error: '搜索词应为文字' })
  .transform((s) => s.replace(/[\t\n\r\v\f]+/g, ' ').trim())
  .refine((s) => !CONTROL.test(s), '搜索词含有无法识别的字符，请只输入文字、数字或常用符号')
  .refine((s) => s.length <= 30, '搜索词不能超过30个字');

const input = params<ListPointsParams>()(
  z.object({
    branchId: branchIdField().optional(),
    keyword: keywordField.optional(),
    near: latLng('当前位置').optional(),
    ...pageParams,
  }),
);

type ListedPoint = Pick<PointDoc, '_id' | 'branchId' | 'name' | 'address' | 'isDemo' | 'location'>;
const LISTED_FIELDS = { _id: true, branchId: true, name: true, address: true, isDemo: true, location: true };
/** CloudBase caps one read at 1000 documents. */
const READ_CAP = 1000;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The filter every listing shares: active points, optionally of one branch and matching a keyword. */
function baseFilter(db: Database, branchId: string | undefined, keyword: string | undefined): object[] {
  const parts: object[] = [{ active: true, ...(branchId ? { branchId } : {}) }];
  if (keyword) {
    const re = db.RegExp({ regexp: escapeRegExp(keyword), options: 'i' });
    parts.push(db.command.or({ name: re }, { address: re }));
  }
  return parts;
}

async function readAll(db: Database, where: object): Promise<ListedPoint[]> {
  const out: ListedPoint[] = [];
  for (let skip = 0; ; skip += READ_CAP) {
    const res = await db.collection<ListedPoint>(POINTS_COLLECTION).where(where).field(LISTED_FIELDS).skip(skip).limit(READ_CAP).get();
    out.push(...res.data);
    if (res.data.length < READ_CAP) return out;
  }
}

export const listPoints = publicAction(input, async (p, { db }): Promise<ListPointsResult> => {
  const w = pageWindow(p);
  const _ = db.command;
  const base = baseFilter(db, p.branchId, p.keyword);

  if (!p.near) {
    const res = await db
      .collection<ListedPoint>(POINTS_COLLECTION)
      .where(base.length > 1 ? _.and(...base) : base[0])
      .field(LISTED_FIELDS)
      .orderBy('name', 'asc')
      .orderBy('_id', 'asc')
      .skip(w.skip)
      .limit(w.fetch)
      .get();
    return toPage(w, res.data.map((pt) => toPointItem(pt)));
  }

  // Nearest first: read rings of geo cells until the page is certain (see ../geo.ts).
  const near = p.near;
  const needed = w.skip + w.fetch;
  const center = cellIndexOf(near);
  const found = new Map<string, { point: ListedPoint; km: number }>();
  const add = (rows: ListedPoint[]) => {
    for (const pt of rows) if (pt.location) found.set(pt._id, { point: pt, km: haversineKm(near, pt.location) });
  };
  let certainKm = 0;
  for (const [from, to] of RING_BATCHES) {
    add(await readAll(db, _.and(...base, { geoCell: _.in(ringCells(center, from, to)) })));
    certainKm = searchedRadiusKm(near, to);
    let within = 0;
    for (const f of found.values()) if (f.km <= certainKm) within++;
    if (within >= needed) break;
    certainKm = -1;
  }
  // Sparse surroundings (nothing enough within ~70 km): every located point decides.
  if (certainKm < 0) add(await readAll(db, _.and(...base, { geoCell: _.exists(true) })));

  const ranked = [...found.values()].sort((a, b) => a.km - b.km || (a.point._id < b.point._id ? -1 : 1));
  const items: PointItem[] = ranked.slice(w.skip, w.skip + w.fetch).map((f) => toPointItem(f.point, roundKm(f.km)));
  return toPage(w, items);
});
