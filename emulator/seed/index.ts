import { database } from '../../cloudfunctions/_shared/cloud';
import { ensureReferenceData } from '../../cloudfunctions/_shared/reference';
import type { FunctionHost } from '../host';
import { seedDemoData, DEMO_VERSION } from './demo';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';

export interface SeedReport {
  branchesCreated: number;
  /** Whether demo data was written by this run (false when it was already there, or not asked for). */
  demoSeeded: boolean;
}

const META_COLLECTION = COLLECTIONS.meta;
const SEED_DOC_ID = 'seed';

/**
 * Seeds reference data and, when asked, demo data. Idempotent: reference ids are deterministic,
 * and the demo seed records its version, so a second start seeds nothing twice.
 */
export async function seedLocalCloud(host: FunctionHost, options: { demo: boolean }): Promise<SeedReport> {
  const db = database();
  const branchesCreated = await ensureReferenceData(db);
  if (!options.demo) return { branchesCreated, demoSeeded: false };

  const meta = await db.collection(META_COLLECTION).where({ _id: SEED_DOC_ID }).get();
  if (meta.data.length && meta.data[0].demoVersion === DEMO_VERSION) return { branchesCreated, demoSeeded: false };
  await seedDemoData(host);
  await db.collection(META_COLLECTION).doc(SEED_DOC_ID).set({ data: { demoVersion: DEMO_VERSION, seededAt: db.serverDate() } });
  return { branchesCreated, demoSeeded: true };
}
