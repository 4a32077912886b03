/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { database } from '../../cloudfunctions/_shared/cloud';
import { type LocalCloud } from '../support/cloud';
import { renderPage, settle, setupWx, tap, textOf, withDialogs, type Dialogs, type FakeWx, type SimComponent } from '../support/simulate';
import { HOUR, YUZHONG, addPoint, at, grant, member, phone, startVolunteerCloud, type Vol } from '../volunteer/fixtures';

/**
 * 服务队活动 (team-activities) against the real volunteer function on the local cloud: a leader
 * changes an activity (only the changed fields are sent; volunteers are told about a new place),
 * cancels one behind a reason and a confirmation, and the cancelled one lists as cancelled for
 * leaders and volunteers alike.
 */
let cloud: LocalCloud;
let v: Vol;
let teamId: string;
const PAGE = 'packages/staff/pages/team-activities/index';

beforeAll(async () => {
  ({ cloud, v } = await startVolunteerCloud());
  await addPoint('pt_ta', YUZHONG, '望龙门社区');
  await grant('pa-ta', 'point_admin', 'pt_ta');
  await v.ok('register', { realName: '郑队长', phone: phone() }, 'lead-ta');
  ({ teamId } = await v.ok('createTeam', { unitId: 'pt_ta', leaderOpenid: 'lead-ta' }, 'pa-ta'));
  await member(v, teamId, 'vol-ta', 'lead-ta', '冯志愿');
});
afterAll(() => cloud.close());

function setup(openid: string): FakeWx & Dialogs {
  return withDialogs(setupWx({ backend: (name, event, who) => cloud.call(name, event, who), storage: { devOpenid: { openid } } }));
}

async function input(node: SimComponent | undefined, value: string): Promise<void> {
  if (!node) throw new Error('input: node not found');
  node.dispatchEvent('input', { detail: { value } });
  await settle();
}

async function activity(title: string, startOffset: number): Promise<string> {
  const { activityId } = await v.ok(
    'createActivity',
    { teamId, title, startsAt: at(startOffset), endsAt: at(startOffset + 2 * HOUR), location: '望龙门社区广场', slots: 10, hours: 2 },
    'lead-ta',
  );
  return activityId;
}

const cardOf = (page: SimComponent, id: string) => page.querySelector(`#activity-${id}`);
const button = (page: SimComponent, kind: 'edit' | 'open-cancel' | 'code', id: string) => page.querySelector(`#${kind}-${id}`);
const actions = (wx: FakeWx, action: string) => wx.calls.filter((c) => c.event.action === action).map((c) => c.event);

describe('服务队活动', () => {
  test('a leader changes an activity: the form holds it, only changes are sent, volunteers are told', async () => {
    const id = await activity('社区健康讲座', 48 * HOUR);
    await v.ok('signupActivity', { activityId: id }, 'vol-ta');
    const wx = setup('lead-ta');
    const { comp, unmount } = await renderPage(PAGE, { teamId });
    expect(textOf(cardOf(comp, id))).toContain('已报名 1/10');
    tap(button(comp, 'edit', id));
    await settle();
    expect(textOf(comp.querySelector('#editing-title'))).toBe('修改活动：社区健康讲座');
    expect(textOf(comp.querySelector('#editing-note'))).toContain('已有 1 人报名');
    expect(comp.data.form).toMatchObject({ title: '社区健康讲座', location: '望龙门社区广场', slots: '10', hours: '2' });

    tap(comp.querySelector('#create'));
    await settle();
    expect(textOf(comp.querySelector('#form-error'))).toBe('没有修改任何内容');
    expect(actions(wx, 'updateActivity')).toHaveLength(0);

    await input(comp.querySelector('#input-location'), '望龙门社区活动中心二楼');
    await input(comp.querySelector('#input-slots'), '15');
    tap(comp.querySelector('#create'));
    await settle();
    expect(actions(wx, 'updateActivity')).toEqual([{ action: 'updateActivity', activityId: id, location: '望龙门社区活动中心二楼', slots: 15 }]);
    expect(wx.toasts.map((t) => t.title)).toContain('已保存，已通知1位志愿者');
    expect(comp.querySelector('#activity-form')).toBeUndefined();
    expect(textOf(cardOf(comp, id))).toContain('望龙门社区活动中心二楼 · 已报名 1/15');
    const told = await database().collection('outbox').where({ touser: 'vol-ta', kind: 'volunteer_activity_changed' }).count();
    expect(told.total).toBe(1);

    // An impossible number is caught on the page, before anything is sent.
    tap(button(comp, 'edit', id));
    await settle();
    await input(comp.querySelector('#input-slots'), '0');
    tap(comp.querySelector('#create'));
    await settle();
    expect(textOf(comp.querySelector('#form-error'))).toBe('招募人数应为1到500的整数');
    tap(comp.querySelector('#discard'));
    await settle();
    expect(comp.querySelector('#activity-form')).toBeUndefined();
    unmount();
  });

  test('cancelling needs a reason and a confirmation; it then lists as cancelled, without edit or code buttons', async () => {
    const id = await activity('科技活动周展板讲解', 72 * HOUR);
    await v.ok('signupActivity', { activityId: id }, 'vol-ta');
    const wx = setup('lead-ta');
    const { comp, unmount } = await renderPage(PAGE, { teamId });
    tap(button(comp, 'open-cancel', id));
    await settle();
    tap(comp.querySelector('.confirm-cancel'));
    await settle();
    expect(textOf(comp.querySelector('.cancel-error'))).toContain('请填写取消原因');

    await input(comp.querySelector('.reason'), '展板未能按时制作');
    wx.confirm = false;
    tap(comp.querySelector('.confirm-cancel'));
    await settle();
    expect(wx.modals[0].content).toContain('已报名的志愿者会收到通知');
    expect(actions(wx, 'cancelActivity')).toHaveLength(0);

    wx.confirm = true;
    tap(comp.querySelector('.confirm-cancel'));
    await settle();
    expect(actions(wx, 'cancelActivity')).toEqual([{ action: 'cancelActivity', activityId: id, reason: '展板未能按时制作' }]);
    expect(wx.toasts.map((t) => t.title)).toContain('活动已取消，已通知1位志愿者');
    expect(textOf(cardOf(comp, id))).toContain('已取消：展板未能按时制作');
    expect(button(comp, 'edit', id)).toBeUndefined();
    expect(button(comp, 'code', id)).toBeUndefined();
    unmount();

    // The volunteer sees it cancelled in the list and on the activity, with no signup button.
    setup('vol-ta');
    const list = await renderPage('pages/activities/index');
    const item = list.comp.querySelectorAll('.activity').find((c) => textOf(c).includes('科技活动周展板讲解'));
    expect(textOf(item)).toContain('活动已取消');
    list.unmount();
    const detail = await renderPage('pages/activity/index', { activityId: id });
    expect(textOf(detail.comp.querySelector('#signup-box'))).toContain('活动已取消');
    expect(textOf(detail.comp.querySelector('#signup-box'))).toContain('展板未能按时制作');
    expect(detail.comp.querySelector('#cancel')).toBeUndefined();
    expect(detail.comp.querySelector('#sign-box')).toBeUndefined();
    detail.unmount();
  });

  test('a volunteer who is not the leader gets the server refusal when trying to cancel', async () => {
    const id = await activity('周末义诊咨询', 96 * HOUR);
    const wx = setup('vol-ta');
    const { comp, unmount } = await renderPage(PAGE, { teamId });
    tap(button(comp, 'open-cancel', id));
    await settle();
    await input(comp.querySelector('.reason'), '想取消试试');
    tap(comp.querySelector('.confirm-cancel'));
    await settle();
    expect(actions(wx, 'cancelActivity')).toHaveLength(1);
    expect(textOf(comp.querySelector('.cancel-error'))).toContain('只有本队队长或所属单位的管理员');
    unmount();
  });
});
