import type { Database } from '../_shared/cloud';
import { notifyAll, type NoticeKind } from '../_shared/notify';
import { toIso } from '../_shared/time';
import { holders } from './access';

/**
 * Tells the staff of a unit (its point admins, or its branch admins) that something of theirs
 * moved. Ids are deterministic per event and person, so a retried call never notifies twice.
 */
export async function tellUnit(
  db: Database,
  unit: { scopeId: string; role: 'point_admin' | 'branch_admin' },
  event: { id: string; kind: NoticeKind; page: string; subject: string; place: string; note: string; at: Date },
): Promise<number> {
  const openids = await holders(db, unit.scopeId, unit.role);
  return notifyAll(
    db,
    openids.map((touser) => ({
      id: `${event.id}:${touser}`,
      touser,
      kind: event.kind,
      page: event.page,
      fields: { thing1: event.subject, time2: toIso(event.at).slice(0, 16).replace('T', ' '), thing3: event.place, thing4: event.note },
    })),
  );
}
