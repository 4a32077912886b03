import { database } from '../../cloudfunctions/_shared/cloud';
import { notify } from '../../cloudfunctions/_shared/notify';
import { startTestCloud, type LocalCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

const notice = (id: string) => ({
  id,
  touser: 'n-user',
  kind: 'course_remind' as const,
  page: 'pages/course/index?id=cs_1',
  fields: { thing1: '一个名字特别特别长的科普课程标题超过二十个字', time2: '2026-12-05 09:00' },
});

test('locally a notice is recorded once with status local, values cut to WeChat limits', async () => {
  expect(process.env.LOCAL_CLOUD).toBe('1');
  expect(await notify(database(), notice('t:1'))).toBe('local');
  expect(await notify(database(), notice('t:1'))).toBe('duplicate');
  const doc = (await database().collection('outbox').doc('t:1').get()).data;
  expect(doc).toMatchObject({ touser: 'n-user', kind: 'course_remind', status: 'local' });
  expect(Array.from((doc.data as { thing1: { value: string } }).thing1.value)).toHaveLength(20);
});

test('in production a notice without a configured template is recorded as failed, never sent twice', async () => {
  const saved = process.env.LOCAL_CLOUD;
  delete process.env.SUBSCRIBE_TEMPLATE_COURSE_REMIND;
  process.env.LOCAL_CLOUD = '0';
  try {
    expect(await notify(database(), notice('t:2'))).toBe('failed');
    expect(await notify(database(), notice('t:2'))).toBe('duplicate');
  } finally {
    process.env.LOCAL_CLOUD = saved;
  }
  const doc = (await database().collection('outbox').doc('t:2').get()).data;
  expect(doc).toMatchObject({ status: 'failed', error: 'template not configured (SUBSCRIBE_TEMPLATE_COURSE_REMIND)' });
});
