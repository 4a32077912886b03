import { isMissingDocumentError, type Database } from '../_shared/cloud';
import { notFound } from '../_shared/errors';
import { RESOURCES, type ResourceDoc } from './model';

export const RESOURCE_NOT_FOUND = '没有找到这个资源，它可能已下架';

export async function findResource(db: Database, resourceId: string): Promise<ResourceDoc | null> {
  try {
    return (await db.collection<ResourceDoc>(RESOURCES).doc(resourceId).get()).data;
  } catch (error) {
    if (isMissingDocumentError(error)) return null;
    throw error;
  }
}

export async function loadResource(db: Database, resourceId: string): Promise<ResourceDoc> {
  const r = await findResource(db, resourceId);
  if (!r) throw notFound(RESOURCE_NOT_FOUND);
  return r;
}

/** A resource learners may see: published only (a blocked, pending or returned one does not exist for them). */
export async function loadPublished(db: Database, resourceId: string): Promise<ResourceDoc> {
  const r = await findResource(db, resourceId);
  if (!r || r.status !== 'published') throw notFound(RESOURCE_NOT_FOUND);
  return r;
}
