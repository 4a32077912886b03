/**
 * The `volunteer` function's API (CONTRACT.md "volunteer", plus the actions this domain adds:
 * see cloudfunctions/volunteer/README.md). Shared by the function and the mini-program.
 */
import type { NoParams } from './api';
import type { IsoTime, Page, PageParams } from './envelope';

export type KeyDay = '全国科普日' | '科技工作者日' | '科技活动周';

// ---------------------------------------------------------------- registration

export interface RegisterParams {
  realName: string;
  phone: string;
  skills?: string[];
  /** The form's consent tick (the mini-program sends true); false is refused. */
  consent?: boolean;
}
export interface RegisterResult {
  volunteerId: string;
}

/** Deletes the caller's volunteer registration (PIPL); `confirm` must be true. */
export interface UnregisterParams {
  confirm: true;
}
export interface UnregisterResult {
  unregistered: true;
  /** Approved hour records kept for the national volunteer service record, now anonymous. */
  keptRecords: number;
  /** Teams the caller left (memberships and applications). */
  leftTeams: number;
  /** Upcoming activity signups given back. */
  cancelledSignups: number;
}

export interface MyProfileResult {
  volunteer: null | {
    volunteerId: string;
    realName: string;
    /** The owner's own number (never another person's). */
    phone: string;
    skills: string[];
    approvedHours: number;
    registeredAt: IsoTime;
  };
  memberships: Array<{ teamId: string; teamName: string; status: MemberStatus; isLeader: boolean }>;
}

// ---------------------------------------------------------------- teams

export type MemberStatus = 'pending' | 'member' | 'rejected' | 'left';

export interface CreateTeamParams {
  unitId: string;
  name?: string;
  leaderOpenid?: string;
}
export interface CreateTeamResult {
  teamId: string;
}

export interface ListTeamsParams extends PageParams {
  unitId?: string;
}
export interface TeamItem {
  id: string;
  unitId: string;
  name: string;
  memberCount: number;
  unitName: string;
  /** Masked (张*明); null when the team has no leader yet. */
  leaderName: string | null;
}
export type ListTeamsResult = Page<TeamItem>;

export interface GetTeamParams {
  teamId: string;
}
export interface GetTeamResult extends TeamItem {
  branchId: string;
  pointId: string | null;
  /** The caller's membership, null when anonymous or never applied. */
  myStatus: MemberStatus | null;
  /** Whether the caller may manage the team (leader or staff above). */
  canManage: boolean;
}

export interface JoinTeamParams {
  teamId: string;
}
export interface JoinTeamResult {
  status: 'pending' | 'member';
}

export interface LeaveTeamParams {
  teamId: string;
}
export interface LeaveTeamResult {
  status: 'left';
}

export interface ReviewMemberParams {
  teamId: string;
  openid: string;
  approve: boolean;
}
export interface ReviewMemberResult {
  status: 'member' | 'rejected';
}

export interface ChangeLeaderParams {
  teamId: string;
  leaderOpenid: string;
  reason?: string;
}
export interface ChangeLeaderResult {
  teamId: string;
  leaderOpenid: string;
}

export interface ListMembersParams extends PageParams {
  teamId: string;
  status?: 'pending' | 'member';
}
export interface MemberItem {
  openid: string;
  realName: string;
  /** Unmasked only to the team's leader and staff (the volunteer consented to it on joining). */
  phone: string;
  skills: string[];
  status: MemberStatus;
  isLeader: boolean;
  approvedHours: number;
  appliedAt: IsoTime;
}
export type ListMembersResult = Page<MemberItem>;

// ---------------------------------------------------------------- activities

export interface CreateActivityParams {
  teamId: string;
  title: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  location: string;
  slots: number;
  hours: number;
  keyDay?: KeyDay;
  description?: string;
}
export interface CreateActivityResult {
  activityId: string;
}

export interface ListActivitiesParams extends PageParams {
  teamId?: string;
  /** Activities starting at or after this time; default: the start of today (Asia/Shanghai). */
  from?: IsoTime;
}
export interface ActivityItem {
  id: string;
  teamId: string;
  teamName: string;
  title: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  location: string;
  slots: number;
  signedCount: number;
  hours: number;
  keyDay: KeyDay | null;
  /** A cancelled activity stays listed, with the reason; it takes no signups or hours. */
  status: ActivityStatus;
  cancelReason: string | null;
}
export type ActivityStatus = 'active' | 'cancelled';
export type ListActivitiesResult = Page<ActivityItem>;

/**
 * The team's leader or staff of its unit change an activity before it starts. Omitted fields stay;
 * `slots` never below the current signups, `hours` within the (new) length, `keyDay: null` clears it.
 * Signed-up volunteers are told when the time or place changes.
 */
export interface UpdateActivityParams {
  activityId: string;
  title?: string;
  startsAt?: IsoTime;
  endsAt?: IsoTime;
  location?: string;
  description?: string;
  slots?: number;
  hours?: number;
  keyDay?: KeyDay | null;
}
export interface UpdateActivityResult {
  activity: ActivityItem;
  /** Names of the fields that changed (empty when the params repeated the current values). */
  changed: string[];
  /** Signed-up volunteers told about a new time or place. */
  notified: number;
}

/** The team's leader or staff of its unit cancel an activity before it starts; signed-up volunteers are told why. */
export interface CancelActivityParams {
  activityId: string;
  reason: string;
}
export interface CancelActivityResult {
  status: 'cancelled';
  notified: number;
}

export type SignupStatus = 'signed' | 'cancelled';
export type RecordStatus = 'pending' | 'approved' | 'rejected';

export interface GetActivityParams {
  activityId: string;
}
export interface GetActivityResult extends ActivityItem {
  description: string;
  /** The activity's length in hours (the most hours one person can record). */
  lengthHours: number;
  /** By the server's clock (a phone's clock may be wrong). */
  started: boolean;
  ended: boolean;
  mySignup: null | { status: SignupStatus; signInAt: IsoTime | null; signOutAt: IsoTime | null };
  myRecord: null | { recordId: string; hours: number; status: RecordStatus; reason: string | null };
  isMember: boolean;
  canManage: boolean;
}

export interface SignupActivityParams {
  activityId: string;
}
export interface SignupActivityResult {
  status: 'signed';
}

export interface CancelSignupParams {
  activityId: string;
}
export interface CancelSignupResult {
  status: 'cancelled';
}

export interface SigninCodeParams {
  activityId: string;
}
export interface SigninCodeResult {
  activityId: string;
  code: string;
  expiresAt: IsoTime;
  /** What the QR code holds (volunteers scan it with wx.scanCode). */
  qrText: string;
  /** PNG data URL of the QR code. */
  qrDataUrl: string;
}

export interface SignInParams {
  activityId: string;
  code: string;
}
export interface SignInResult {
  signInAt: IsoTime;
}
export interface SignOutParams {
  activityId: string;
  code: string;
}
export interface SignOutResult {
  signInAt: IsoTime;
  signOutAt: IsoTime;
  recordId: string;
  hours: number;
  status: RecordStatus;
}

// ---------------------------------------------------------------- hours

export interface LogHoursParams {
  activityId: string;
  hours: number;
  note?: string;
}
export interface LogHoursResult {
  recordId: string;
  status: 'pending';
}

export interface ReviewHoursParams {
  recordId: string;
  approve: boolean;
  reason?: string;
}
export interface ReviewHoursResult {
  status: 'approved' | 'rejected';
}

export interface HourRecordItem {
  recordId: string;
  activityId: string;
  activityTitle: string;
  teamId: string;
  teamName: string;
  startsAt: IsoTime;
  hours: number;
  status: RecordStatus;
  /** `onsite`: sign-in/out with the leader's code; `claim`: logged afterwards and reviewed. */
  source: 'onsite' | 'claim';
  note: string | null;
  reason: string | null;
  updatedAt: IsoTime;
}

export interface MyHoursResult {
  approvedHours: number;
  pendingHours: number;
  star: number;
  /** Approved hours needed for the next star; null at 5 stars. */
  nextStarAt: number | null;
  records: HourRecordItem[];
}

export interface ListClaimsParams extends PageParams {
  teamId: string;
  status?: RecordStatus;
}
export interface ClaimItem extends HourRecordItem {
  openid: string;
  realName: string;
  signInAt: IsoTime | null;
  signOutAt: IsoTime | null;
}
export type ListClaimsResult = Page<ClaimItem>;

export interface RecordChange {
  at: IsoTime;
  /** Masked name of who made the change; "本人" for the volunteer, "现场签到码" for on-site records. */
  by: string;
  action: 'claim' | 'reclaim' | 'onsite' | 'approve' | 'reject';
  before: null | { hours: number; status: RecordStatus };
  after: { hours: number; status: RecordStatus };
  reason: string | null;
}
export interface MyRecordsParams extends PageParams {
  year?: number;
}
export type MyRecordsResult = Page<HourRecordItem & { changes: RecordChange[] }>;

export interface CertificateResult {
  number: string;
  realName: string;
  approvedHours: number;
  records: HourRecordItem[];
  /** The issuing teams and their units, e.g. "解放碑社区社区科普大学科技志愿服务队（渝中区分校）". */
  issuedBy: string;
  issuedAt: IsoTime;
  star: number;
}

// ---------------------------------------------------------------- reports

export interface TeamReportParams {
  /** One of: a team, or a unit (branch `br_…` / point `pt_…`); none = the whole city (head admin). */
  teamId?: string;
  unitId?: string;
  year: number;
}
export interface TeamReportResult {
  year: number;
  scopeName: string;
  totalHours: number;
  recordCount: number;
  volunteerCount: number;
  perVolunteer: Array<{ openid: string; realName: string; hours: number; records: number }>;
  perTeam: Array<{ teamId: string; teamName: string; hours: number; records: number }>;
  perUnit: Array<{ unitId: string; unitName: string; hours: number; records: number }>;
  perKeyDay: Array<{ keyDay: KeyDay | '其他'; hours: number; records: number }>;
}

export interface ExportParams {
  teamId?: string;
  unitId?: string;
  year: number;
  format: 'csv' | 'xlsx';
}
export interface ExportFile {
  name: string;
  mimeType: string;
  base64: string;
  rows: number;
}
export interface ExportResult {
  files: ExportFile[];
}

// ---------------------------------------------------------------- 科普信息员

export type ShareKind = 'course' | 'quiz' | 'resource';

export interface OfficerInfo {
  officerId: string;
  name: string;
  pointId: string;
  registeredAt: IsoTime;
  opens: number;
  opensByKind: Record<ShareKind, number>;
}
export type RegisterOfficerResult = OfficerInfo;
export interface MyOfficerResult {
  officer: OfficerInfo | null;
}

export interface RecordShareParams {
  officer: string;
  kind: ShareKind;
  id: string;
}
export interface RecordShareResult {
  /** False when already counted for this opener and item, or when the officer opens their own share. */
  credited: boolean;
}

export interface OfficerStatsParams {
  branchId?: string;
  pointId?: string;
}
export interface OfficerStatsResult {
  officers: Array<{ officerId: string; name: string; pointId: string; branchId: string; opens: number; opensByKind: Record<ShareKind, number> }>;
  perPoint: Array<{ pointId: string; officers: number; opens: number }>;
  perBranch: Array<{ branchId: string; officers: number; opens: number }>;
}

// ---------------------------------------------------------------------------------------------
// The function's API map (typings/api.ts)
// ---------------------------------------------------------------------------------------------

export interface VolunteerApi {
  register: { params: RegisterParams; result: RegisterResult };
  myProfile: { params: NoParams; result: MyProfileResult };
  unregister: { params: UnregisterParams; result: UnregisterResult };
  createTeam: { params: CreateTeamParams; result: CreateTeamResult };
  listTeams: { params: ListTeamsParams; result: ListTeamsResult };
  getTeam: { params: GetTeamParams; result: GetTeamResult };
  changeLeader: { params: ChangeLeaderParams; result: ChangeLeaderResult };
  joinTeam: { params: JoinTeamParams; result: JoinTeamResult };
  leaveTeam: { params: LeaveTeamParams; result: LeaveTeamResult };
  reviewMember: { params: ReviewMemberParams; result: ReviewMemberResult };
  listMembers: { params: ListMembersParams; result: ListMembersResult };
  createActivity: { params: CreateActivityParams; result: CreateActivityResult };
  updateActivity: { params: UpdateActivityParams; result: UpdateActivityResult };
  cancelActivity: { params: CancelActivityParams; result: CancelActivityResult };
  listActivities: { params: ListActivitiesParams; result: ListActivitiesResult };
  getActivity: { params: GetActivityParams; result: GetActivityResult };
  signupActivity: { params: SignupActivityParams; result: SignupActivityResult };
  cancelSignup: { params: CancelSignupParams; result: CancelSignupResult };
  signinCode: { params: SigninCodeParams; result: SigninCodeResult };
  signIn: { params: SignInParams; result: SignInResult };
  signOut: { params: SignOutParams; result: SignOutResult };
  logHours: { params: LogHoursParams; result: LogHoursResult };
  reviewHours: { params: ReviewHoursParams; result: ReviewHoursResult };
  listClaims: { params: ListClaimsParams; result: ListClaimsResult };
  myHours: { params: NoParams; result: MyHoursResult };
  myRecords: { params: MyRecordsParams; result: MyRecordsResult };
  certificate: { params: NoParams; result: CertificateResult };
  teamReport: { params: TeamReportParams; result: TeamReportResult };
  export: { params: ExportParams; result: ExportResult };
  registerOfficer: { params: NoParams; result: RegisterOfficerResult };
  myOfficer: { params: NoParams; result: MyOfficerResult };
  recordShare: { params: RecordShareParams; result: RecordShareResult };
  officerStats: { params: OfficerStatsParams; result: OfficerStatsResult };
}
