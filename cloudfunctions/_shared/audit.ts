import type { Database } from './cloud';
import type { UnitChain } from './authz';
import { COLLECTIONS } from './collections';

export const AUDIT_COLLECTION = COLLECTIONS.audit;

/** One staff write that changed another person's record or an organisation's data. */
export interface AuditEntry {
  /** OPENID of the staff member who acted. */
  actor: string;
  /** e.g. `role.grant`, `point.update`, `course.checkinByStaff`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Units the entry belongs to, so each level's staff can read its own trail. */
  scope: UnitChain;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

export async function writeAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.collection(AUDIT_COLLECTION).add({ data: { ...entry, at: db.serverDate() } });
}
