import type { ListResourcesParams, ResourceDetail, ResourceIdParams, SearchResourcesParams } from '../../../typings/resource';
import type { Database } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { invalidArgument } from '../../_shared/errors';
import { publicAction } from '../../_shared/handler';
import { pageWindow, toPage, type PageWindow } from '../../_shared/paging';
import { bool, id, pageParams, z } from '../../_shared/validate';
import { tempUrls } from '../files';
import { KINDS, LIST_FIELDS, RESOURCES, toItem, type ListedResource } from '../model';
import { topicField } from '../schemas';
import { loadPublished } from '../store';

/** Published only, premium first, then newest (indexes status[_topic|_kind]_premium_publishedAt). */
async function readPage(db: Database, where: object, w: PageWindow) {
  const res = await db
    .collection<ListedResource>(RESOURCES)
    .where(where)
    .field(LIST_FIELDS)
    .orderBy('premium', 'desc')
    .orderBy('publishedAt', 'desc')
    .orderBy('_id', 'asc')
    .skip(w.skip)
    .limit(w.fetch)
    .get();
  return toPage(w, res.data.map(toItem));
}

export const list = publicAction(
  params<ListResourcesParams>()(
    z.object({
      topic: topicField.optional(),
      kind: z.enum(KINDS, { error: '资源类型应为视频、音频、电子书、动画或课件' }).optional(),
      premium: bool('是否只看精品资源').optional(),
      ...pageParams,
    }),
  ),
  async (p, { db }) => {
    const where: Record<string, unknown> = { status: 'published' };
    if (p.topic) where.topic = p.topic;
    if (p.kind) where.kind = p.kind;
    if (p.premium !== undefined) where.premium = p.premium;
    return readPage(db, where, pageWindow(p));
  },
);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A literal keyword in the title or the summary of published resources. */
export const search = publicAction(
  params<SearchResourcesParams>()(
    z.object({
      keyword: z.string({ error: '请输入搜索词' }).trim().min(1, '请输入搜索词').max(30, '搜索词不能超过30个字'),
      ...pageParams,
    }),
  ),
  async (p, { db }) => {
    if (CONTROL.test(p.keyword)) throw invalidArgument('搜索词含有无法识别的字符，请重新输入');
    const _ = db.command;
    const re = db.RegExp({ regexp: escapeRegExp(p.keyword), options: 'i' });
    return readPage(db, _.and({ status: 'published' }, _.or({ title: re }, { summary: re })), pageWindow(p));
  },
);

export const get = publicAction(params<ResourceIdParams>()(z.object({ resourceId: id('资源') })), async (p, { db }): Promise<ResourceDetail> => {
  const r = await loadPublished(db, p.resourceId);
  const [coverUrl] = await tempUrls([r.coverFileId]);
  return { ...toItem(r), coverUrl, fileSize: r.fileSize };
});
