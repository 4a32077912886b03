/** Counts database round-trips and examined documents on the running invocation, if any. */
import { currentInvocation } from '../invocation';

export function countRead(): void {
  const inv = currentInvocation();
  if (inv) inv.reads++;
}

export function countWrite(): void {
  const inv = currentInvocation();
  if (inv) inv.writes++;
}

export function countExamined(n: number): void {
  const inv = currentInvocation();
  if (inv && n > 0) inv.docsExamined += n;
}

/** How one query was served: by an index (or the primary key), or by reading the collection. */
export interface PlanRecord {
  collection: string;
  /** The index used, `_id_` for the primary key; undefined for a collection scan. */
  index?: string;
  /** Whether the query had any condition at all (an unfiltered read is a scan by nature). */
  filtered: boolean;
  functionName?: string;
  action?: string;
}

const planObservers = new Set<(record: PlanRecord) => void>();

/** Watches every query plan until the returned function is called (index-coverage tests). */
export function observePlans(observer: (record: PlanRecord) => void): () => void {
  planObservers.add(observer);
  return () => planObservers.delete(observer);
}

export function reportPlan(collection: string, index: string | undefined, filtered: boolean): void {
  if (planObservers.size === 0) return;
  const inv = currentInvocation();
  const record: PlanRecord = { collection, index, filtered, functionName: inv?.functionName, action: inv?.action };
  for (const observer of planObservers) observer(record);
}
