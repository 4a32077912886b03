import type { Audience, ListResourcesParams, ResourceKind, ReviewResourceParams, ResourceStatus, UploadResourceParams } from '../../typings/resource';
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

export const uploadResource = (p: UploadResourceParams) => call('resource', 'upload', p);
export const recheckResource = (resourceId: string) => call('resource', 'recheck', { resourceId });

/**
 * What each kind may be, as the resource function checks it (README: file limits per kind), so
 * the page can say so before a large file is sent.
 */
export const KIND_FILES: Record<ResourceKind, { exts: string[]; maxMB: number }> = {
  video: { exts: ['mp4'], maxMB: 200 },
  audio: { exts: ['mp3', 'm4a', 'aac'], maxMB: 50 },
  ebook: { exts: ['pdf'], maxMB: 50 },
  animation: { exts: ['mp4', 'gif'], maxMB: 100 },
  slides: { exts: ['pdf', 'pptx', 'ppt'], maxMB: 50 },
};
export const COVER_MAX_MB = 1;
