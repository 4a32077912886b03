import type { Topic } from '../../typings/course';
import type { Audience, ResourceItem, ResourceKind, ResourceStatus, StaffResourceItem, UnitLevel } from '../../typings/resource';
import type { UnitChain } from '../_shared/authz';
import { COLLECTIONS } from '../_shared/collections';
import { toIso, toIsoOrNull } from '../_shared/time';

export const RESOURCES = COLLECTIONS.resources;
/** One document per person and resource (`${resourceId}:${openid}`): a completion counts once. */
export const PROGRESS = COLLECTIONS.resourceProgress;
/** Per resource and teaching point (`${resourceId}:${pointId}`): views, completions, shares. */
export const USAGE = COLLECTIONS.resourceUsage;
/** `${courseId}:${resourceId}`. */
export const COURSE_LINKS = COLLECTIONS.courseResources;

export { TOPICS } from '../_shared/topics';
export const KINDS = ['video', 'audio', 'ebook', 'animation', 'slides'] as const satisfies readonly ResourceKind[];
export const AUDIENCES = ['senior', 'middle', 'young', 'teen', 'child', 'caregiver'] as const satisfies readonly Audience[];

const MB = 1024 * 1024;

/** What each kind may be: file extensions and the largest size (documented in README.md). */
export const FILE_RULES: Record<ResourceKind, { label: string; exts: readonly string[]; maxBytes: number }> = {
  video: { label: '视频', exts: ['mp4'], maxBytes: 200 * MB },
  audio: { label: '音频', exts: ['mp3', 'm4a', 'aac'], maxBytes: 50 * MB },
  ebook: { label: '电子书', exts: ['pdf'], maxBytes: 50 * MB },
  animation: { label: '动画', exts: ['mp4', 'gif'], maxBytes: 100 * MB },
  slides: { label: '课件', exts: ['pdf', 'pptx', 'ppt'], maxBytes: 50 * MB },
};

/** Temporary URLs of media and covers live this long (seconds). */
export const URL_MAX_AGE_SEC = 2 * 3600;

export interface FundingDoc {
  amount: number;
  date: string;
  round: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface ResourceDoc {
  _id: string;
  kind: ResourceKind;
  title: string;
  summary: string;
  topic: Topic;
  audiences: Audience[];
  fileId: string;
  fileSize: number;
  coverFileId: string;
  durationSec: number | null;
  level: UnitLevel;
  branchId: string | null;
  pointId: string | null;
  unitName: string;
  status: ResourceStatus;
  blockReason: string | null;
  returnReason: string | null;
  premium: boolean;
  premiumAt: Date | null;
  funding: FundingDoc[];
  fundingTotal: number;
  /** Moved only by `_.inc` (never in a transaction). */
  views: number;
  completions: number;
  shares: number;
  uploadedBy: string;
  reviewedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export interface UsageDoc {
  _id: string;
  resourceId: string;
  pointId: string;
  branchId: string;
  views: number;
  completions: number;
  shares: number;
}

/** The units above a resource: its point, its branch (a head-school resource has neither). */
export function resourceChain(r: Pick<ResourceDoc, 'branchId' | 'pointId'>): UnitChain {
  return { ...(r.branchId ? { branchId: r.branchId } : {}), ...(r.pointId ? { pointId: r.pointId } : {}) };
}

/** Learners' lists never carry the fileIDs: media leave only through `play`'s temporary URL. */
export const LIST_FIELDS = {
  _id: true,
  kind: true,
  title: true,
  summary: true,
  topic: true,
  audiences: true,
  premium: true,
  unitName: true,
  durationSec: true,
  views: true,
  completions: true,
  shares: true,
  publishedAt: true,
} as const;

export type ListedResource = Pick<ResourceDoc, '_id' | 'kind' | 'title' | 'summary' | 'topic' | 'audiences' | 'premium' | 'unitName' | 'durationSec' | 'views' | 'completions' | 'shares' | 'publishedAt'>;

export function toItem(r: ListedResource): ResourceItem {
  return {
    id: r._id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    topic: r.topic,
    audiences: r.audiences,
    premium: r.premium,
    unitName: r.unitName,
    durationSec: r.durationSec,
    views: r.views,
    completions: r.completions,
    shares: r.shares,
    publishedAt: toIsoOrNull(r.publishedAt),
  };
}

export function toStaffItem(r: ResourceDoc): StaffResourceItem {
  return { ...toItem(r), status: r.status, blockReason: r.blockReason, returnReason: r.returnReason, createdAt: toIso(r.createdAt) };
}
