/** Database round-trips per main action, measured through the host's invocation records. */
import type { InvocationRecord } from '../../emulator/host';
import { expectOk, type LocalCloud } from '../support/cloud';
import { HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from './fixtures';

let cloud: LocalCloud;
let v: Vol;
const log: InvocationRecord[] = [];

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud({ log: (_line, record) => log.push(record) }));
  await addPoint('pt_cost', YUZHONG, '菜园坝社区');
  await grant('padmin', 'point_admin', 'pt_cost');
});
afterAll(() => cloud.close());

async function cost(action: string, params: Record<string, unknown>, openid: string): Promise<{ reads: number; writes: number }> {
  log.length = 0;
  expectOk(await v.call(action, params, openid));
  const r = log.find((l) => l.action === action)!;
  return { reads: r.reads, writes: r.writes };
}

test('reads and writes per action stay within budget', async () => {
  const table: Record<string, { reads: number; writes: number }> = {};
  table.register = await cost('register', { realName: '许队长', phone: phone() }, 'leader');
  const { teamId } = await v.ok('createTeam', { unitId: 'pt_cost', leaderOpenid: 'leader' }, 'padmin');
  await v.ok('register', { realName: '许志愿', phone: phone() }, 'vol');
  table.joinTeam = await cost('joinTeam', { teamId }, 'vol');
  table.reviewMember = await cost('reviewMember', { teamId, openid: 'vol', approve: true }, 'leader');
  table.listTeams = await cost('listTeams', {}, 'vol');
  const { activityId } = await v.ok('createActivity', { teamId, title: '测量', startsAt: at(HOUR), endsAt: at(3 * HOUR), location: '社区', slots: 5, hours: 2 }, 'leader');
  table.listActivities = await cost('listActivities', { teamId }, 'vol');
  table.signupActivity = await cost('signupActivity', { activityId }, 'vol');
  cloud.setClockOffset(3 * HOUR);
  table.logHours = await cost('logHours', { activityId, hours: 2 }, 'vol');
  table.reviewHours = await cost('reviewHours', { recordId: `${activityId}:vol`, approve: true }, 'leader');
  table.myHours = await cost('myHours', {}, 'vol');
  table.certificate = await cost('certificate', {}, 'vol');
  table.certificateAgain = await cost('certificate', {}, 'vol');
  cloud.setClockOffset(0);
  await member(v, teamId, 'vol2', 'leader');
  const { activityId: a2 } = await v.ok('createActivity', { teamId, title: '现场', startsAt: at(HOUR / 2), endsAt: at(3 * HOUR), location: '社区', slots: 5, hours: 2 }, 'leader');
  await v.ok('signupActivity', { activityId: a2 }, 'vol2');
  cloud.setClockOffset(HOUR);
  const { code } = await v.ok('signinCode', { activityId: a2 }, 'leader');
  table.signIn = await cost('signIn', { activityId: a2, code }, 'vol2');
  cloud.setClockOffset(HOUR + 30 * 60_000);
  const { code: code2 } = await v.ok('signinCode', { activityId: a2 }, 'leader');
  table.signOut = await cost('signOut', { activityId: a2, code: code2 }, 'vol2');
  cloud.setClockOffset(0);
  console.log(Object.entries(table).map(([k, c]) => `${k}: ${c.reads}r/${c.writes}w`).join('\n'));

  // Approving hours also moves the statistics' year counters of the point, its branch and the city:
  // three increments sent together (one round-trip), each created on its year's first use (a
  // refused update, then the insert), so reviewHours and signOut carry 3–6 writes more than before.
  const budget: Record<string, [number, number]> = {
    register: [0, 1],
    joinTeam: [2, 1],
    reviewMember: [3, 3],
    listTeams: [1, 0],
    listActivities: [1, 0],
    signupActivity: [3, 3],
    logHours: [2, 2],
    reviewHours: [2, 10],
    myHours: [2, 0],
    certificate: [6, 2],
    certificateAgain: [3, 0],
    signIn: [3, 1],
    signOut: [5, 10],
  };
  for (const [name, [reads, writes]] of Object.entries(budget)) {
    expect({ name, ...table[name] }).toEqual({ name, reads: expect.any(Number), writes: expect.any(Number) });
    expect({ name, reads: table[name].reads <= reads, writes: table[name].writes <= writes }).toEqual({ name, reads: true, writes: true });
  }
});
