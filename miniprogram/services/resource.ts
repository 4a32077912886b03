import type { Topic } from '../../typings/course';
import type { Audience, ListResourcesParams, ResourceKind, ReviewResourceParams, ResourceStatus } from '../../typings/resource';
import { call } from './transport';

export type { PlayResult, ResourceDetail, ResourceItem, ResourceStatus, StaffResourceItem } from '../../typings/resource';

export const listResources = (p: ListResourcesParams = {}) => call('resource', 'list', p);
export const searchResources = (keyword: string, cursor?: string) => call('resource', 'search', { keyword, ...(cursor ? { cursor } : {}) });
export const getResource = (resourceId: string) => call('resource', 'get', { resourceId });
export const playResource = (resourceId: string) => call('resource', 'play', { resourceId });
export const completeResource = (resourceId: string) => call('resource', 'complete', { resourceId });
export const shareResource = (resourceId: string) => call('resource', 'share', { resourceId });
export const courseResources = (courseId: string) => call('resource', 'courseResources', { courseId });
export const reviewQueue = (unit: { branchId?: string; pointId?: string }, status: ResourceStatus = 'pending', cursor?: string) =>
  call('resource', 'manageList', { ...unit, status, ...(cursor ? { cursor } : {}) });
export const reviewResource = (p: ReviewResourceParams) => call('resource', 'review', p);
export const setPremium = (resourceId: string, premium: boolean) => call('resource', 'setPremium', { resourceId, premium });

/** Readable names of the ten topics (衣食住行用、生长老病死). */
export const TOPIC_NAMES: Record<Topic, string> = {
  衣: '衣着健康',
  食: '饮食营养',
  住: '居家安全',
  行: '出行安全',
  用: '智能生活',
  生: '优生优育',
  长: '成长发育',
  老: '健康养老',
  病: '疾病预防',
  死: '生命与急救',
};
export const TOPIC_LIST = Object.keys(TOPIC_NAMES) as Topic[];

export const KIND_NAMES: Record<ResourceKind, string> = { video: '视频', audio: '音频', ebook: '电子书', animation: '动画', slides: '课件' };

export const AUDIENCE_NAMES: Record<Audience, string> = {
  senior: '老年人',
  middle: '中年人',
  young: '青年',
  teen: '青少年',
  child: '儿童',
  caregiver: '照护者',
};

export const STATUS_NAMES: Record<ResourceStatus, string> = {
  checking: '内容检测中',
  blocked: '未通过内容检测',
  pending: '待审核',
  published: '已发布',
  returned: '已退回',
};
