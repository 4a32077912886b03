/**
 * The `volunteer` function from the mini-program (typings/volunteer.ts is the contract).
 * Also the 科普信息员 share helpers other pages use in onShareAppMessage / onLoad.
 */
import type {
  ActivityItem,
  CertificateResult,
  ClaimItem,
  CreateActivityParams,
  GetActivityResult,
  GetTeamResult,
  HourRecordItem,
  KeyDay,
  ListActivitiesParams,
  MemberItem,
  MyHoursResult,
  OfficerInfo,
  OfficerStatsParams,
  OfficerStatsResult,
  RecordStatus,
  RegisterParams,
  ShareKind,
  SigninCodeResult,
  TeamItem,
  TeamReportResult,
  UpdateActivityParams,
} from '../../typings/volunteer';
import { call } from './transport';
import { shanghaiYear } from '../utils/time';

export type {
  ActivityItem,
  CertificateResult,
  ClaimItem,
  GetActivityResult,
  GetTeamResult,
  HourRecordItem,
  KeyDay,
  MemberItem,
  MyHoursResult,
  OfficerInfo,
  OfficerStatsResult,
  RecordStatus,
  ShareKind,
  SigninCodeResult,
  TeamItem,
  TeamReportResult,
};

export const KEY_DAYS: KeyDay[] = ['全国科普日', '科技工作者日', '科技活动周'];
export const SUGGESTED_SKILLS = ['健康科普', '老年人数字技能', '应急安全', '科普讲解', '心理关爱', '法律常识'];
export const STATUS_TEXT: Record<RecordStatus, string> = { pending: '待审核', approved: '已通过', rejected: '未通过' };
export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500];

export const register = (p: RegisterParams) => call('volunteer', 'register', p);
export const myProfile = () => call('volunteer', 'myProfile');
/** Deletes the caller's volunteer registration (approved hour records stay, anonymised). */
export const unregister = () => call('volunteer', 'unregister', { confirm: true });
export const listTeams = (p: { unitId?: string; cursor?: string } = {}) => call('volunteer', 'listTeams', p);
export const getTeam = (teamId: string) => call('volunteer', 'getTeam', { teamId });
export const joinTeam = (teamId: string) => call('volunteer', 'joinTeam', { teamId });
export const leaveTeam = (teamId: string) => call('volunteer', 'leaveTeam', { teamId });
export const reviewMember = (teamId: string, openid: string, approve: boolean) => call('volunteer', 'reviewMember', { teamId, openid, approve });
export const listMembers = (teamId: string, status?: 'pending' | 'member', cursor?: string) => call('volunteer', 'listMembers', { teamId, status, cursor });
export const createActivity = (p: CreateActivityParams) => call('volunteer', 'createActivity', p);
export const updateActivity = (p: UpdateActivityParams) => call('volunteer', 'updateActivity', p);
export const cancelActivity = (activityId: string, reason: string) => call('volunteer', 'cancelActivity', { activityId, reason });
export const listActivities = (p: ListActivitiesParams = {}) => call('volunteer', 'listActivities', p);
export const getActivity = (activityId: string) => call('volunteer', 'getActivity', { activityId });
export const signupActivity = (activityId: string) => call('volunteer', 'signupActivity', { activityId });
export const cancelSignup = (activityId: string) => call('volunteer', 'cancelSignup', { activityId });
export const signinCode = (activityId: string) => call('volunteer', 'signinCode', { activityId });
export const signIn = (activityId: string, code: string) => call('volunteer', 'signIn', { activityId, code });
export const signOut = (activityId: string, code: string) => call('volunteer', 'signOut', { activityId, code });
export const logHours = (activityId: string, hours: number, note?: string) => call('volunteer', 'logHours', { activityId, hours, note });
export const reviewHours = (recordId: string, approve: boolean, reason?: string) => call('volunteer', 'reviewHours', { recordId, approve, reason });
export const listClaims = (teamId: string, status?: RecordStatus, cursor?: string) => call('volunteer', 'listClaims', { teamId, status, cursor });
export const myHours = () => call('volunteer', 'myHours');
export const myRecords = (cursor?: string) => call('volunteer', 'myRecords', { cursor });
export const certificate = () => call('volunteer', 'certificate');
export const teamReport = (teamId: string, year: number) => call('volunteer', 'teamReport', { teamId, year });
export const exportTeam = (teamId: string, year: number, format: 'csv' | 'xlsx') => call('volunteer', 'export', { teamId, year, format });
/** A unit's (branch `br_…` / point `pt_…`) report, or the whole city's (head admin) without `unitId`. */
export const unitReport = (unitId: string | undefined, year: number) => call('volunteer', 'teamReport', { ...(unitId ? { unitId } : {}), year });
export const exportUnit = (unitId: string | undefined, year: number, format: 'csv' | 'xlsx') => call('volunteer', 'export', { ...(unitId ? { unitId } : {}), year, format });
export const officerStats = (p: OfficerStatsParams = {}) => call('volunteer', 'officerStats', p);
export const registerOfficer = () => call('volunteer', 'registerOfficer');
export const myOfficer = () => call('volunteer', 'myOfficer');
export const recordShare = (officer: string, kind: ShareKind, id: string) => call('volunteer', 'recordShare', { officer, kind, id });

/** The QR text of a sign-in code: `csu-vsign:<activityId>:<code>`. */
export function parseSigninQr(text: string): { activityId: string; code: string } | null {
  const m = /^csu-vsign:([A-Za-z0-9_-]+):(\d{6})$/.exec(text.trim());
  return m ? { activityId: m[1], code: m[2] } : null;
}

/** `2026-09-20T09:00:00+08:00` → `9月20日 09:00` (the time as written, Beijing time). */
export function shortTime(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${Number(m[1])}月${Number(m[2])}日 ${m[3]}:${m[4]}` : iso;
}

export function shanghaiYearNow(): number {
  return shanghaiYear();
}

// ------------------------------------------------------------------ 科普信息员 share helpers

const OFFICER_KEY = 'volunteerOfficerId';

/** Remembers the caller's officer id so any page can add it to its share path. */
export function rememberOfficer(officerId: string | null): void {
  if (officerId) wx.setStorageSync(OFFICER_KEY, officerId);
  else wx.removeStorageSync(OFFICER_KEY);
}

/**
 * A share path for onShareAppMessage: `path?…&officer=<id>&kind=<kind>&id=<itemId>` when the caller
 * is a 科普信息员, else the path unchanged. Example (a course page):
 * `onShareAppMessage() { return { title, path: officerSharePath('/pages/course/index?courseId=' + id, 'course', id) }; }`
 */
export function officerSharePath(path: string, kind: ShareKind, itemId: string): string {
  const officer = wx.getStorageSync(OFFICER_KEY);
  if (typeof officer !== 'string' || !officer) return path;
  return `${path}${path.indexOf('?') >= 0 ? '&' : '?'}officer=${encodeURIComponent(officer)}&kind=${kind}&id=${encodeURIComponent(itemId)}`;
}

/**
 * Call from a shared page's onLoad(query): credits the officer once for this opener and item.
 * Never throws (a failed credit must not disturb the page).
 */
export async function creditOfficerShare(query: Record<string, string | undefined>): Promise<boolean> {
  const { officer, kind, id } = query;
  if (!officer || !id || (kind !== 'course' && kind !== 'quiz' && kind !== 'resource')) return false;
  try {
    return (await recordShare(decodeURIComponent(officer), kind, decodeURIComponent(id))).credited;
  } catch {
    return false;
  }
}
