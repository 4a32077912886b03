import type { AuditItem, ListAuditParams, ListAuditResult } from '../../../typings/org';
import { AUDIT_COLLECTION, type AuditEntry } from '../../_shared/audit';
import { params } from '../../_shared/contract';
import { staffAction } from '../../_shared/handler';
import { pageWindow, toPage } from '../../_shared/paging';
import { toIso } from '../../_shared/time';
import { pageParams, z } from '../../_shared/validate';
import { unitIdField } from '../schemas';
import { unitScope } from '../units';

type AuditDoc = AuditEntry & { _id: string; at: Date };

/** Staff of the unit or above: the unit's audit trail, newest first (head admins: the whole city). Reads: 3. */
export const listAudit = staffAction({
  input: params<ListAuditParams>()(z.object({ unitId: unitIdField().optional(), ...pageParams })),
  who: 'staff of the unit or above; without unitId: head_admin',
  scopeFirst: true,
  scope: async (p, { db }) => (p.unitId ? unitScope(db, p.unitId) : { chain: {}, denied: '请选择要查看的分校或教学点', unit: null }),
  run: async (p, { db, target }): Promise<ListAuditResult> => {
    const { unit } = target;
    const where: object = !unit ? {} : unit.kind === 'branch' ? { 'scope.branchId': unit.id } : { 'scope.pointId': unit.id };
    const w = pageWindow(p);
    const res = await db.collection<AuditDoc>(AUDIT_COLLECTION).where(where).orderBy('at', 'desc').skip(w.skip).limit(w.fetch).get();
    const page = toPage(w, res.data);
    const items: AuditItem[] = page.items.map((a) => ({
      id: a._id,
      at: toIso(new Date(a.at)),
      actor: a.actor,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      before: a.before ?? null,
      after: a.after ?? null,
      reason: a.reason ?? null,
    }));
    return { items, nextCursor: page.nextCursor };
  },
});
