import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo teacher pool of 渝中区分校: one teacher qualified with an appointment letter (verify it on
 * the letter page with its number, e.g. 渝科普聘〔2026〕0001号), one added by staff and waiting for
 * qualification, and one resident's own application (demo-learner-2) pending. Through the real
 * `teacher` actions.
 */
const YUZHONG = 'br_500103';

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function must<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await host.invoke('teacher', event, { openid })) as Envelope<T>;
  if (!res.ok) throw new Error(`demo seed: teacher.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

export async function seedTeacherDemo(host: FunctionHost): Promise<{ qualifiedTeacherId: string; letterNumber: string }> {
  const admin = DEMO_ACCOUNTS.branchAdminYuzhong;
  const qualified = await must<{ teacherId: string }>(
    host,
    { action: 'addTeacher', branchId: YUZHONG, name: '李文华', organisation: '重庆医科大学附属第一医院', title: '主任医师', field: '老年医学', topics: ['老', '病'], phone: '13912345678', cv: '从事老年慢病防治二十年，常年在社区讲授高血压、糖尿病的日常管理。' },
    admin,
  );
  const letter = await must<{ letterNumber?: string }>(host, { action: 'qualify', teacherId: qualified.teacherId, approve: true, validYears: 3 }, admin);
  await must(host, { action: 'addTeacher', branchId: YUZHONG, name: '王志强', organisation: '渝中区消防救援支队', title: '中队长', field: '消防安全', topics: ['住', '行'], phone: '13923456789' }, admin);
  await must(
    host,
    { action: 'apply', name: '陈淑珍', organisation: '重庆市科技馆', title: '科普辅导员', field: '智能手机使用', topics: ['用'], phone: '13934567890', branchId: YUZHONG, consent: true, cv: '教老年朋友用智能手机五年。' },
    DEMO_ACCOUNTS.learners[1],
  );
  return { qualifiedTeacherId: qualified.teacherId, letterNumber: letter.letterNumber ?? '' };
}
