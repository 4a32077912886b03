import type { ResourceStatus, UploadResourceResult } from '../../typings/resource';
import type { Database } from '../_shared/cloud';
import { CheckUnavailable, checkImage, checkText, firstFailure } from '../_shared/content-check';
import { RESOURCES, type ResourceDoc } from './model';

/**
 * Runs the content checks of a resource in `checking` and moves it to `pending` (passed) or
 * `blocked` (with the reason staff see). A check that could not run leaves it in `checking`:
 * it is never shown until a check has passed (`recheck` tries again).
 */
export async function runChecks(db: Database, r: Pick<ResourceDoc, '_id' | 'title' | 'summary' | 'coverFileId'>, openid: string, now: Date): Promise<UploadResourceResult> {
  let status: ResourceStatus;
  let blockReason: string | null = null;
  try {
    const verdict = await firstFailure([
      () => checkText(r.title, '标题', openid),
      () => checkText(r.summary, '简介', openid),
      () => checkImage(r.coverFileId, '封面图片'),
    ]);
    status = verdict.ok ? 'pending' : 'blocked';
    if (!verdict.ok) blockReason = verdict.reason;
  } catch (error) {
    if (error instanceof CheckUnavailable) return { resourceId: r._id, status: 'checking', blockReason: null };
    throw error;
  }
  await db
    .collection(RESOURCES)
    .where({ _id: r._id, status: 'checking' })
    .update({ data: { status, blockReason, updatedAt: now } });
  return { resourceId: r._id, status, blockReason };
}
