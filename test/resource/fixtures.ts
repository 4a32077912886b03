import type { UploadResourceParams } from '../../typings/resource';
import { typedApi, type LocalCloud } from '../support/cloud';

export { BRANCH_ADMIN, HEAD, JIANGBEI, OTHER_POINT_ADMIN, POINT_ADMIN, YUZHONG, setupCourseOrg, enrollLearners } from '../course/fixtures';

/** Branch admin of 江北区 (grants in `grantJiangbei`). */
export const JIANGBEI_ADMIN = 'res-ba-jiangbei';

let n = 0;

/** Puts bytes into the local cloud storage, as wx.cloud.uploadFile would, and answers the fileID. */
export function putFile(cloud: LocalCloud, name: string, bytes: Buffer = Buffer.from(`file ${name}`)): string {
  n += 1;
  return cloud.platform.storage.put(`resources/${n}-${name}`, bytes, { at: new Date() });
}

/** A cover the image check passes, or (`risky`) one it flags. */
export function cover(cloud: LocalCloud, risky = false): string {
  return putFile(cloud, 'cover.png', Buffer.from(risky ? 'PNG risky picture' : 'PNG harmless picture'));
}

export function resourceInput(cloud: LocalCloud, extra: Partial<UploadResourceParams> = {}): UploadResourceParams {
  return {
    kind: 'video',
    title: '冬季防跌倒小常识',
    summary: '老年人冬季出行与居家防跌倒的实用方法',
    topic: '老',
    audiences: ['senior', 'caregiver'],
    fileId: putFile(cloud, 'lecture.mp4'),
    fileSize: 12 * 1024 * 1024,
    coverFileId: cover(cloud),
    durationSec: 600,
    ...extra,
  };
}

/** Uploads as `openid` and publishes as `reviewer`: a resource learners see. */
export async function publishedResource(cloud: LocalCloud, openid: string, reviewer: string, extra: Partial<UploadResourceParams> = {}): Promise<string> {
  const api = typedApi(cloud);
  const { resourceId, status } = await api.ok('resource', 'upload', resourceInput(cloud, extra), openid);
  if (status !== 'pending') throw new Error(`expected pending, got ${status}`);
  await api.ok('resource', 'review', { resourceId, decision: 'publish' }, reviewer);
  return resourceId;
}
