import { database } from '../../cloudfunctions/_shared/cloud';
import { courseInput, enrollLearners, setupCourseOrg, BRANCH_ADMIN, HEAD, JIANGBEI, OTHER_POINT_ADMIN, POINT_ADMIN, YUZHONG, type CourseOrg } from '../course/fixtures';
import { expectOk, typedApi, type LocalCloud } from '../support/cloud';

export { BRANCH_ADMIN, HEAD, JIANGBEI, OTHER_POINT_ADMIN, POINT_ADMIN, YUZHONG };
export const JIANGBEI_ADMIN = 'school-ba-jiangbei';
export const LEARNERS = ['school-l-1', 'school-l-2', 'school-l-3'];

/** Offset that puts the functions' clock at `iso`. */
export const clockAt = (iso: string) => new Date(iso).getTime() - Date.now();

export async function setupSchool(cloud: LocalCloud): Promise<CourseOrg> {
  const org = await setupCourseOrg(cloud);
  await typedApi(cloud).ok('org', 'grantRole', { openid: JIANGBEI_ADMIN, role: 'branch_admin', scopeId: JIANGBEI }, HEAD);
  await enrollLearners(cloud, org.pointA, LEARNERS);
  return org;
}

/** A two-hour course of `pointId` starting at `startsAt` (ISO), created with the clock two days before. */
export async function courseAt(cloud: LocalCloud, pointId: string, startsAt: string, title = '冬季养生讲座'): Promise<string> {
  const start = new Date(startsAt).getTime();
  cloud.setClockOffset(start - 2 * 86_400_000 - Date.now());
  const iso = (ms: number) => new Date(ms).toISOString();
  const id = expectOk<{ courseId: string }>(
    await cloud.call('course', { action: 'create', ...courseInput(pointId, { title, startsAt: iso(start), endsAt: iso(start + 2 * 3600_000) }) }, HEAD),
  ).courseId;
  return id;
}

/** Staff register `learner` on site at `atIso` (the clock moves there). */
export async function walkIn(cloud: LocalCloud, courseId: string, learner: string, atIso: string): Promise<void> {
  cloud.setClockOffset(clockAt(atIso));
  expectOk(await cloud.call('course', { action: 'checkinWalkIn', courseId, openid: learner }, HEAD));
}

export async function auditActions(targetId: string): Promise<string[]> {
  const res = await database().collection('audit').where({ targetId }).limit(100).get();
  return res.data.map((d) => d.action as string);
}

/** A tiny valid PNG, padded to `size` bytes. */
export function png(size = 200): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 1)]);
}

let n = 0;
/** A file in `openid`'s evidence folder, as wx.cloud.uploadFile would put it. */
export function evidenceFile(cloud: LocalCloud, openid: string, bytes: Buffer, ext = 'png'): string {
  n += 1;
  return cloud.platform.storage.put(`evidence/${openid}/photo-${n}.${ext}`, bytes, { uploader: openid, at: new Date() });
}
