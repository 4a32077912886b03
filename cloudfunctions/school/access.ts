import type { Role } from '../../typings/roles';
import type { Caller, RoleDoc, UnitChain } from '../_shared/authz';
import { ROLES_COLLECTION } from '../_shared/authz';
import { isMissingDocumentError, type Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { loadPoint, pointChain, type PointDoc } from '../_shared/org';
import { shanghaiYear } from '../_shared/time';
import { id, integer } from '../_shared/validate';

export const REVIEWERS: readonly Role[] = ['branch_admin', 'head_admin'];
export const HEAD_ONLY: readonly Role[] = ['head_admin'];

export const pointIdField = () => id('教学点');
export const yearField = () => integer('年份', 2020, 2100);

/** The point a request names, as a staff scope target. */
export async function pointTarget(db: Database, pointId: string): Promise<{ chain: UnitChain; point: PointDoc }> {
  const point = await loadPoint(db, pointId);
  return { chain: pointChain(point), point };
}

export async function findById<T>(db: Database, collection: string, docId: string): Promise<T | null> {
  try {
    return ((await db.collection(collection).doc(docId).get()).data as unknown as T) ?? null;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

export async function loadById<T>(db: Database, collection: string, docId: string, missing: string): Promise<T> {
  const doc = await findById<T>(db, collection, docId);
  if (!doc) throw notFound(missing);
  return doc;
}

/** Whether the caller is staff of the point itself (who may never review the point's own work). */
export function isOwnPointStaff(caller: Caller, pointId: string): boolean {
  return caller.grants.some((g) => g.role === 'point_admin' && g.scopeId === pointId);
}

/** The level the caller acts at for this unit, for histories shown to the other levels. */
export function levelOf(caller: Caller, chain: UnitChain): 'point' | 'branch' | 'head' {
  if (chain.pointId && isOwnPointStaff(caller, chain.pointId)) return 'point';
  if (chain.branchId && caller.grants.some((g) => g.role === 'branch_admin' && g.scopeId === chain.branchId)) return 'branch';
  return caller.grants.some((g) => g.role === 'head_admin') ? 'head' : 'point';
}

/** OPENIDs holding `role` on a unit (index roles.scopeId_grantedAt). */
export async function holders(db: Database, scopeId: string, role: Role): Promise<string[]> {
  const res = await db.collection<RoleDoc>(ROLES_COLLECTION).where({ scopeId }).limit(100).get();
  return res.data.filter((r) => r.role === role).map((r) => r.openid);
}

export function currentYear(now: Date): number {
  return shanghaiYear(now);
}

/** The branches the caller is branch admin of. */
export function branchesOf(caller: Caller): string[] {
  return caller.grants.filter((g) => g.role === 'branch_admin' && g.scopeId).map((g) => g.scopeId!);
}
