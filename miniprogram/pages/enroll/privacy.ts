/**
 * The privacy notice shown on the enrollment form (PIPL: purpose, data, use, retention, rights).
 * Version matches PRIVACY_NOTICE_VERSION in cloudfunctions/_shared/org.ts.
 */
export const PRIVACY_NOTICE_VERSION = '2025-01';

export const PRIVACY_NOTICE: string[] = [
  '为了给您安排课程、通知上课和统计教学情况，社区科普大学需要收集您的：姓名、性别、出生年份、职业、手机号，以及您选择的教学点。',
  '这些信息只用于社区科普大学的教学管理：性别、年龄段和职业用于按居民特点安排课程；手机号只有您所在教学点及其上级分校、总校的工作人员能看到完整号码，其他人只能看到 138****5678 这样的部分号码。',
  '我们不会把您的信息提供给其他单位或用于商业用途。',
  '您可以随时在「我的」页面查看、修改您的信息，转到其他教学点，或注销学籍；注销后您的个人信息将被删除，只保留不含个人身份的人数统计。',
  '如有疑问，请联系您所在教学点或所属区县科协。',
];
