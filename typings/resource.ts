import type { Topic } from './course';
import type { IsoTime, Page, PageParams } from './envelope';

/**
 * Course resources and the premium library (精品课程资源库): lectures, e-books, animations and
 * slides in cloud storage, uploaded by a teaching point, a branch or the head school, shared
 * city-wide once their text and cover passed the content-security check and a reviewer published
 * them. The function is `resource` (cloudfunctions/resource/README.md has the rules in full).
 */
export type ResourceKind = 'video' | 'audio' | 'ebook' | 'animation' | 'slides';

/** Who a resource is meant for: age bands and groups. */
export type Audience = 'senior' | 'middle' | 'young' | 'teen' | 'child' | 'caregiver';

/**
 * `checking`: stored, the content check has not answered yet (staff may `recheck`);
 * `blocked`: failed the content check, never shown to learners (`blockReason` says why);
 * `pending`: passed the check, waiting for the reviewer; `published`: visible city-wide;
 * `returned`: sent back by the reviewer (`returnReason`).
 */
export type ResourceStatus = 'checking' | 'blocked' | 'pending' | 'published' | 'returned';

/** The unit that uploaded a resource. */
export type UnitLevel = 'head' | 'branch' | 'point';

export interface ResourceUnit {
  level: UnitLevel;
  branchId: string | null;
  pointId: string | null;
  name: string;
}

export interface ResourceItem {
  id: string;
  kind: ResourceKind;
  title: string;
  summary: string;
  topic: Topic;
  audiences: Audience[];
  premium: boolean;
  unitName: string;
  durationSec: number | null;
  views: number;
  completions: number;
  shares: number;
  publishedAt: IsoTime | null;
}

export interface ResourceDetail extends ResourceItem {
  /** A temporary URL of the cover image (valid for a few hours). */
  coverUrl: string;
  fileSize: number;
}

export interface FundingEntry {
  /** Yuan. */
  amount: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** e.g. `2026年第一批`. */
  round: string;
  recordedAt: IsoTime;
}

/** What staff see: everything, with the reasons of a block or a return. */
export interface StaffResourceDetail extends ResourceDetail {
  status: ResourceStatus;
  unit: ResourceUnit;
  blockReason: string | null;
  returnReason: string | null;
  funding: FundingEntry[];
  fundingTotal: number;
  fileUrl: string;
  createdAt: IsoTime;
}

export interface StaffResourceItem extends ResourceItem {
  status: ResourceStatus;
  blockReason: string | null;
  returnReason: string | null;
  createdAt: IsoTime;
}

export interface UploadResourceParams {
  /** The uploading unit: a point (`pointId`), a branch (`branchId` only) or the head school (neither). */
  pointId?: string;
  branchId?: string;
  kind: ResourceKind;
  title: string;
  summary: string;
  topic: Topic;
  audiences: Audience[];
  /** cloud:// fileID of the media file, uploaded by the mini-program first. */
  fileId: string;
  /** Bytes, as the mini-program read them (checked against storage's own record where it has one). */
  fileSize: number;
  coverFileId: string;
  durationSec?: number;
}

export interface UploadResourceResult {
  resourceId: string;
  status: ResourceStatus;
  blockReason: string | null;
}

export interface ResourceIdParams {
  resourceId: string;
}

export interface ReviewResourceParams {
  resourceId: string;
  decision: 'publish' | 'return';
  /** Required when returning. */
  reason?: string;
}

export interface SetPremiumParams {
  resourceId: string;
  premium: boolean;
}

export interface RecordFundingParams {
  resourceId: string;
  amount: number;
  date: string;
  round: string;
}

export interface ListResourcesParams extends PageParams {
  topic?: Topic;
  kind?: ResourceKind;
  /** true: only the premium library. Premium resources come first in every list. */
  premium?: boolean;
}

export interface SearchResourcesParams extends PageParams {
  keyword: string;
}

export interface PlayResult {
  resourceId: string;
  kind: ResourceKind;
  /** Temporary URL of the media file, for `<video>`, an audio context or `wx.downloadFile`. */
  url: string;
  /** Seconds the URL stays valid. */
  expiresIn: number;
  views: number;
}

export interface CountResult {
  resourceId: string;
  /** False when this person's completion was already counted. */
  counted: boolean;
}

export interface ManageListParams extends PageParams {
  /** A point's uploads (`pointId`), a branch's and its points' (`branchId`), or the whole city (neither, head school). */
  pointId?: string;
  branchId?: string;
  status: ResourceStatus;
}

export interface AttachParams {
  courseId: string;
  resourceId: string;
  /** false detaches. Default true. */
  attach?: boolean;
}

export interface AttachResult {
  courseId: string;
  resourceId: string;
  attached: boolean;
}

export interface CourseResourcesParams {
  courseId: string;
}

export interface PointUsageParams {
  pointId: string;
}

export interface PointUsageRow {
  resourceId: string;
  title: string;
  views: number;
  completions: number;
  shares: number;
}

export interface PointUsageResult {
  pointId: string;
  totals: { views: number; completions: number; shares: number };
  items: PointUsageRow[];
}

export interface ResourceApi {
  upload: { params: UploadResourceParams; result: UploadResourceResult };
  recheck: { params: ResourceIdParams; result: UploadResourceResult };
  review: { params: ReviewResourceParams; result: { resourceId: string; status: ResourceStatus } };
  setPremium: { params: SetPremiumParams; result: { resourceId: string; premium: boolean } };
  recordFunding: { params: RecordFundingParams; result: { resourceId: string; fundingTotal: number } };
  list: { params: ListResourcesParams; result: Page<ResourceItem> };
  search: { params: SearchResourcesParams; result: Page<ResourceItem> };
  get: { params: ResourceIdParams; result: ResourceDetail };
  play: { params: ResourceIdParams; result: PlayResult };
  complete: { params: ResourceIdParams; result: CountResult };
  share: { params: ResourceIdParams; result: CountResult };
  manageList: { params: ManageListParams; result: Page<StaffResourceItem> };
  staffGet: { params: ResourceIdParams; result: StaffResourceDetail };
  attachToCourse: { params: AttachParams; result: AttachResult };
  courseResources: { params: CourseResourcesParams; result: { items: ResourceItem[] } };
  pointUsage: { params: PointUsageParams; result: PointUsageResult };
}
