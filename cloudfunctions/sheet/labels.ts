import { TOPIC_LABELS as SHARED_TOPIC_LABELS } from '../_shared/topics';
/** Chinese labels for the codes the records keep (spreadsheets are read by staff, not by code). */
export const GENDER_LABELS: Record<string, string> = { male: '男', female: '女' };

export const OCCUPATION_LABELS: Record<string, string> = {
  retired: '离退休人员',
  worker: '企业职工',
  farmer: '农民',
  civil_servant: '机关事业单位人员',
  teacher: '教师',
  medical: '医务人员',
  self_employed: '个体经营者',
  student: '学生',
  other: '其他',
};

export const TOPIC_LABELS: Record<string, string> = SHARED_TOPIC_LABELS;

export const COURSE_STATUS_LABELS: Record<string, string> = { scheduled: '未开始', ongoing: '进行中', ended: '已结束', cancelled: '已取消' };
export const TEACHER_STATUS_LABELS: Record<string, string> = { pending: '待审核', qualified: '已聘任', rejected: '未通过' };
export const LETTER_STATUS_LABELS: Record<string, string> = { valid: '有效', revoked: '已撤销', expired: '已过期' };
export const CITY_POOL_LABELS: Record<string, string> = { none: '', proposed: '已推荐', accepted: '已入库', declined: '未入库' };

export const label = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '');

export const topicsText = (topics: readonly string[]): string => topics.map((t) => TOPIC_LABELS[t] ?? t).join('、');
