import type { CountResult, PlayResult, ResourceIdParams } from '../../../typings/resource';
import { isDuplicateKeyError } from '../../_shared/cloud';
import { params } from '../../_shared/contract';
import { failedPrecondition } from '../../_shared/errors';
import { publicAction, userAction } from '../../_shared/handler';
import { id, z } from '../../_shared/validate';
import { count, viewerPoint, bumpResource, bumpUsage } from '../counters';
import { tempUrls } from '../files';
import { PROGRESS, URL_MAX_AGE_SEC } from '../model';
import { loadPublished } from '../store';

const input = params<ResourceIdParams>()(z.object({ resourceId: id('资源') }));

/** The media file's temporary URL; every play counts one view (and one at the viewer's point). */
export const play = publicAction(input, async (p, { db, openid }): Promise<PlayResult> => {
  const r = await loadPublished(db, p.resourceId);
  const [url] = await tempUrls([r.fileId]);
  if (!url) throw failedPrecondition('这个资源的文件暂时无法打开，请稍后再试');
  await count(db, r._id, openid, 'views');
  return { resourceId: r._id, kind: r.kind, url, expiresIn: URL_MAX_AGE_SEC, views: r.views + 1 };
});

/** One completion per person and resource: the progress document's id is `${resourceId}:${openid}`. */
export const complete = userAction(input, async (p, { db, openid, now }): Promise<CountResult> => {
  const r = await loadPublished(db, p.resourceId);
  const point = await viewerPoint(db, openid);
  try {
    await db.collection(PROGRESS).add({
      data: { _id: `${r._id}:${openid}`, resourceId: r._id, openid, pointId: point?.pointId ?? null, completedAt: now },
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) return { resourceId: r._id, counted: false };
    throw error;
  }
  await Promise.all([bumpResource(db, r._id, 'completions'), point ? bumpUsage(db, r._id, point, 'completions') : Promise.resolve()]);
  return { resourceId: r._id, counted: true };
});

/** Every share counts. */
export const share = userAction(input, async (p, { db, openid }): Promise<CountResult> => {
  const r = await loadPublished(db, p.resourceId);
  await count(db, r._id, openid, 'shares');
  return { resourceId: r._id, counted: true };
});
