import type { BranchPointItem, PointDetail, PointItem } from '../../typings/org';
import type { PointDoc } from '../_shared/org';

export function toPointItem(p: Pick<PointDoc, '_id' | 'branchId' | 'name' | 'address' | 'isDemo'>, distanceKm?: number): PointItem {
  const item: PointItem = { id: p._id, branchId: p.branchId, name: p.name, address: p.address, isDemo: p.isDemo };
  if (distanceKm !== undefined) item.distanceKm = distanceKm;
  return item;
}

export function toPointDetail(p: PointDoc): PointDetail {
  const detail: PointDetail = {
    id: p._id,
    branchId: p.branchId,
    branchName: p.branchName,
    name: p.name,
    address: p.address,
    isDemo: p.isDemo,
    leaderName: p.leaderName,
    leaderTitle: p.leaderTitle,
    active: p.active,
    learnerCount: p.learnerCount,
  };
  if (p.location) detail.location = { latitude: p.location.latitude, longitude: p.location.longitude };
  if (p.contactPhone) detail.contactPhone = p.contactPhone;
  return detail;
}

export function toBranchPointItem(p: PointDoc, courseCount: number): BranchPointItem {
  const item: BranchPointItem = {
    id: p._id,
    branchId: p.branchId,
    name: p.name,
    address: p.address,
    leaderName: p.leaderName,
    leaderTitle: p.leaderTitle,
    isDemo: p.isDemo,
    active: p.active,
    learnerCount: p.learnerCount,
    courseCount,
  };
  if (p.location) item.location = { latitude: p.location.latitude, longitude: p.location.longitude };
  return item;
}

/** The fields of a point an audit entry records (no personal data beyond the leader's public role). */
export function auditablePoint(p: Partial<PointDoc>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'address', 'location', 'leaderName', 'leaderTitle', 'contactPhone', 'isDemo', 'active', 'deactivatedReason'] as const) {
    if (p[key] !== undefined) out[key] = p[key];
  }
  return out;
}
