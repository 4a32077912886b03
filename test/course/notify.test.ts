import { database } from '../../cloudfunctions/_shared/cloud';
import { notify } from '../../cloudfunctions/_shared/notify';
import { startTestCloud, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

const notice = (id: string, touser = 'n-user') => ({
  id,
  touser,
  kind: 'course_remind' as const,
  page: 'pages/course/index?id=cs_1',
  fields: { thing1: '一个名字特别特别长的科普课程标题超过二十个字', time2: '2026-12-05 09:00' },
});

test('a notice goes out once through subscribeMessage.send, values cut to WeChat limits, and is recorded as sent', async () => {
  expect(process.env.LOCAL_CLOUD).toBeUndefined();
  expect(await notify(database(), notice('t:1'))).toBe('sent');
  expect(await notify(database(), notice('t:1'))).toBe('duplicate');
  const doc = (await database().collection('outbox').doc('t:1').get()).data;
  expect(doc).toMatchObject({ touser: 'n-user', kind: 'course_remind', status: 'sent', templateId: 'local-template-course_remind' });
  expect(Array.from((doc.data as { thing1: { value: string } }).thing1.value)).toHaveLength(20);
  const sent = cloud.platform.outbox.list().filter((m) => m.api === 'subscribeMessage.send' && m.request.touser === 'n-user');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ errCode: 0, request: { template_id: 'local-template-course_remind', page: 'pages/course/index?id=cs_1', miniprogram_state: 'formal' } });
});

test('a user who has not accepted the subscription: the notice is recorded as failed with WeChat 43101', async () => {
  expect(await notify(database(), notice('t:3', 'n-user-refuses'))).toBe('failed');
  const doc = (await database().collection('outbox').doc('t:3').get()).data;
  expect(doc.status).toBe('failed');
  expect(doc.error).toMatch(/^43101 /);
});

test('a notice without a configured template is recorded as failed, never sent twice', async () => {
  const saved = process.env.SUBSCRIBE_TEMPLATE_COURSE_REMIND;
  delete process.env.SUBSCRIBE_TEMPLATE_COURSE_REMIND;
  const before = cloud.platform.outbox.list().length;
  try {
    expect(await notify(database(), notice('t:2'))).toBe('failed');
    expect(await notify(database(), notice('t:2'))).toBe('duplicate');
  } finally {
    process.env.SUBSCRIBE_TEMPLATE_COURSE_REMIND = saved;
  }
  const doc = (await database().collection('outbox').doc('t:2').get()).data;
  expect(doc).toMatchObject({ status: 'failed', error: 'template not configured (SUBSCRIBE_TEMPLATE_COURSE_REMIND)' });
  expect(cloud.platform.outbox.list()).toHaveLength(before);
});
