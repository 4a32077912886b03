import { setLocalClockOffset } from '../../cloudfunctions/_shared/clock';
import { startOfShanghaiDay, toIso } from '../../cloudfunctions/_shared/time';
import type { Topic } from '../../typings/course';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo courses: three weeks of upcoming courses across the demo points with topics spread over
 * 衣食住行用、生长老病死 (one online), signups and a waitlist by the demo learners, and at 解放碑
 * (a demonstration point) a few courses already held with check-ins, so "我的课程", the roster and the
 * yearly counts have something to show. Everything goes through the real `course` actions, as the
 * demo head admin and learners; the held courses are played through by moving the local clock back
 * (as tests do) and restoring it afterwards.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function must<T>(host: FunctionHost, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await host.invoke('course', event, { openid })) as Envelope<T>;
  if (!res.ok) throw new Error(`demo seed: course.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** `hour`:`minute` (Asia/Shanghai) `days` from today, relative to `base`. */
function at(base: number, days: number, hour: number, minute = 0): string {
  const day = startOfShanghaiDay(new Date(base + days * DAY));
  return toIso(new Date(day.getTime() + hour * HOUR + minute * 60_000));
}

interface DemoCourse {
  point: string;
  title: string;
  topic: Topic;
  teacherName: string;
  day: number;
  hour: number;
  hours: number;
  location: string;
  capacity: number;
  description: string;
  onlineUrl?: string;
}

const UPCOMING: DemoCourse[] = [
  { point: 'jiefangbei', title: '老年人高血压的日常管理', topic: '病', teacherName: '刘芳（社区医生）', day: 2, hour: 9, hours: 1.5, location: '社区服务中心二楼活动室', capacity: 3, description: '量血压的正确方法、按时服药、饮食和运动注意事项。请带上自己的血压记录本。' },
  { point: 'jiefangbei', title: '智能手机防诈骗', topic: '用', teacherName: '陈警官', day: 4, hour: 14, hours: 1.5, location: '社区服务中心二楼活动室', capacity: 40, description: '识别冒充公检法、养老投资、保健品推销等常见骗局，现场教您设置手机防骗功能。' },
  { point: 'jiefangbei', title: '秋冬饮食与养生', topic: '食', teacherName: '王营养师', day: 7, hour: 9, hours: 1.5, location: '社区服务中心一楼大厅', capacity: 50, description: '时令蔬果怎么吃、少盐少油的家常做法。' },
  { point: 'tongyuanmen', title: '居家用电与防火安全', topic: '住', teacherName: '消防站李教官', day: 3, hour: 15, hours: 1, location: '通远门社区党群服务中心', capacity: 30, description: '电动车充电、老旧电线、燃气使用的安全要点，现场演示灭火器使用。' },
  { point: 'tongyuanmen', title: '老年人安全出行', topic: '行', teacherName: '交巡警张警官', day: 9, hour: 9, hours: 1, location: '通远门社区党群服务中心', capacity: 30, description: '过马路、乘坐公交和轨道交通的安全常识。' },
  { point: 'daping', title: '科学育儿：0–3岁早期发展', topic: '长', teacherName: '妇幼保健院赵医生', day: 5, hour: 19, hours: 1.5, location: '大坪正街社区活动室', capacity: 25, description: '适合年轻父母和隔代带娃的爷爷奶奶。' },
  { point: 'guanyinqiao', title: '优生优育与孕期保健', topic: '生', teacherName: '市妇幼保健院周医生', day: 6, hour: 10, hours: 1.5, location: '建新东路社区服务中心', capacity: 30, description: '孕前检查、孕期营养和产后恢复。' },
  { point: 'guanyinqiao', title: '季节穿衣与皮肤保护', topic: '衣', teacherName: '皮肤科吴医生', day: 12, hour: 14, hours: 1, location: '建新东路社区服务中心', capacity: 30, description: '换季如何穿衣、老年人皮肤干痒的护理。' },
  { point: 'nanping', title: '心肺复苏与急救常识', topic: '死', teacherName: '红十字会急救培训师', day: 8, hour: 9, hours: 2, location: '南坪东路社区服务中心', capacity: 20, description: '生命教育与急救：心肺复苏、海姆立克急救法，现场模拟练习。' },
  { point: 'nanping', title: '健康养老：认识阿尔茨海默病', topic: '老', teacherName: '市精神卫生中心孙医生', day: 14, hour: 9, hours: 1.5, location: '南坪东路社区服务中心', capacity: 40, description: '早期识别记忆力减退、家庭照护要点。' },
  { point: 'shapingba', title: '线上直播：家庭常用药的正确使用', topic: '病', teacherName: '药师黄老师', day: 10, hour: 19, hours: 1, location: '线上直播', capacity: 200, description: '在家收看直播，课后可回看。', onlineUrl: 'https://live.example.cn/csu/medicine' },
  { point: 'yangjiaping', title: '垃圾分类与绿色生活', topic: '用', teacherName: '环保志愿者何老师', day: 16, hour: 15, hours: 1, location: '西郊路社区会议室', capacity: 40, description: '垃圾怎么分、旧物怎么用。' },
  { point: 'jiefangbei', title: '糖尿病饮食管理', topic: '食', teacherName: '刘芳（社区医生）', day: 19, hour: 9, hours: 1.5, location: '社区服务中心二楼活动室', capacity: 40, description: '控糖不等于不吃，教您搭配一日三餐。' },
];

/** Courses at 解放碑 played through in the past: they count as held in the yearly statistics. */
const HELD: Array<Omit<DemoCourse, 'point'>> = [
  { title: '春季传染病预防', topic: '病', teacherName: '刘芳（社区医生）', day: -20, hour: 9, hours: 1.5, location: '社区服务中心二楼活动室', capacity: 40, description: '流感、诺如病毒的预防和家庭消毒。' },
  { title: '认识骨质疏松', topic: '老', teacherName: '骨科郑医生', day: -13, hour: 9, hours: 1.5, location: '社区服务中心二楼活动室', capacity: 40, description: '补钙、晒太阳和防跌倒。' },
  { title: '食品安全小知识', topic: '食', teacherName: '市场监管所钱老师', day: -6, hour: 14, hours: 1, location: '社区服务中心一楼大厅', capacity: 40, description: '看懂食品标签，识别过期和三无食品。' },
];

function courseParams(c: DemoCourse | Omit<DemoCourse, 'point'>, pointId: string, base: number): Record<string, unknown> {
  const startsAt = at(base, c.day, c.hour);
  const endsAt = toIso(new Date(new Date(startsAt).getTime() + c.hours * HOUR));
  const params: Record<string, unknown> = {
    action: 'create',
    pointId,
    title: c.title,
    topic: c.topic,
    teacherName: c.teacherName,
    startsAt,
    endsAt,
    location: c.location,
    capacity: c.capacity,
    description: c.description,
  };
  if (c.onlineUrl) Object.assign(params, { mode: 'online', onlineUrl: c.onlineUrl });
  return params;
}

export async function seedCourseDemo(host: FunctionHost, org: { points: Record<string, string> }): Promise<void> {
  const head = DEMO_ACCOUNTS.headAdmin;
  const staffOf = (point: string) => (point === 'jiefangbei' ? DEMO_ACCOUNTS.pointAdminJiefangbei : head);
  const [l1, l2, l3, l4, l5, l6] = DEMO_ACCOUNTS.learners;
  const now = Date.now();

  // Held courses first, each played through at its own time, then the clock is restored.
  const jiefangbei = org.points.jiefangbei;
  if (jiefangbei) {
    try {
      for (const c of HELD) {
        const startsAt = new Date(at(now, c.day, c.hour)).getTime();
        setLocalClockOffset(startsAt - 2 * DAY - now);
        const { courseId } = await must<{ courseId: string }>(host, courseParams(c, jiefangbei, now), staffOf('jiefangbei'));
        for (const o of [l1, l2, l3]) await must(host, { action: 'signup', courseId }, o);
        setLocalClockOffset(startsAt + 10 * 60_000 - now);
        const { code } = await must<{ code: string }>(host, { action: 'checkinCode', courseId }, staffOf('jiefangbei'));
        await must(host, { action: 'checkin', courseId, code }, l1);
        await must(host, { action: 'checkin', courseId, code }, l2);
        // 王建国 forgot his phone: staff check him in.
        await must(host, { action: 'checkinByStaff', courseId, openid: l3 }, staffOf('jiefangbei'));
      }
    } finally {
      setLocalClockOffset(0);
    }
  }

  const ids: Record<string, string> = {};
  for (const c of UPCOMING) {
    const pointId = org.points[c.point];
    if (!pointId) continue;
    ids[c.title] = (await must<{ courseId: string }>(host, courseParams(c, pointId, now), staffOf(c.point))).courseId;
  }

  const signup = async (title: string, openid: string, remind = false) => {
    const courseId = ids[title];
    if (!courseId) return;
    await must(host, { action: 'signup', courseId }, openid);
    if (remind) await must(host, { action: 'subscribeReminder', courseId }, openid);
  };
  // The 3-seat course fills up: two learners wait in line.
  await signup('老年人高血压的日常管理', l1, true);
  await signup('老年人高血压的日常管理', l2, true);
  await signup('老年人高血压的日常管理', l3);
  await signup('老年人高血压的日常管理', l4);
  await signup('老年人高血压的日常管理', l6);
  await signup('智能手机防诈骗', l1, true);
  await signup('智能手机防诈骗', l2);
  await signup('居家用电与防火安全', l4);
  await signup('优生优育与孕期保健', l5);
  await signup('心肺复苏与急救常识', l6, true);
  await signup('线上直播：家庭常用药的正确使用', l6);
}
