import type { AttachParams, AttachResult, CourseResourcesParams } from '../../../typings/resource';
import { writeAudit } from '../../_shared/audit';
import { isMissingDocumentError, type Database } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import { params } from '../../_shared/contract';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { publicAction, staffAction } from '../../_shared/handler';
import { bool, id, z } from '../../_shared/validate';
import { COURSE_LINKS, LIST_FIELDS, RESOURCES, toItem, type ListedResource } from '../model';
import { loadResource } from '../store';

/** What this function reads of a course (the course function owns the collection). */
interface CourseRef {
  _id: string;
  pointId: string;
  branchId: string;
  title: string;
}

/** A course shows at most this many resources. */
const MAX_PER_COURSE = 20;

async function loadCourse(db: Database, courseId: string): Promise<CourseRef> {
  try {
    return (await db.collection<CourseRef>(COLLECTIONS.courses).doc(courseId).field({ _id: true, pointId: true, branchId: true, title: true }).get()).data;
  } catch (error) {
    if (isMissingDocumentError(error)) throw notFound('没有找到这门课程，请返回重新选择');
    throw error;
  }
}

/** A course's staff attach (or detach) published resources, shown on the course page. */
export const attachToCourse = staffAction({
  input: params<AttachParams>()(z.object({ courseId: id('课程'), resourceId: id('资源'), attach: bool('是否关联').optional() })),
  who: "staff of the course's point or above",
  denied: '只有本课程所在教学点或上级的工作人员可以关联资源',
  scope: async (p, { db }) => {
    const course = await loadCourse(db, p.courseId);
    return { chain: { branchId: course.branchId, pointId: course.pointId }, course };
  },
  run: async (p, { db, openid, now, target: { course, chain } }): Promise<AttachResult> => {
    const attach = p.attach ?? true;
    const linkId = `${course._id}:${p.resourceId}`;
    if (attach) {
      const resource = await loadResource(db, p.resourceId);
      if (resource.status !== 'published') throw failedPrecondition('只能关联已发布的资源');
      const linked = await db.collection(COURSE_LINKS).where({ courseId: course._id }).count();
      if (linked.total >= MAX_PER_COURSE) throw failedPrecondition(`一门课程最多关联${MAX_PER_COURSE}个资源`);
      await db.collection(COURSE_LINKS).doc(linkId).set({ data: { courseId: course._id, resourceId: p.resourceId, attachedBy: openid, attachedAt: now } });
    } else {
      await db.collection(COURSE_LINKS).doc(linkId).remove();
    }
    await writeAudit(db, {
      actor: openid,
      action: attach ? 'course.attachResource' : 'course.detachResource',
      targetType: 'course',
      targetId: course._id,
      scope: chain,
      after: { resourceId: p.resourceId, attached: attach },
    });
    return { courseId: course._id, resourceId: p.resourceId, attached: attach };
  },
});

/** The published resources of a course, in the order they were attached. */
export const courseResources = publicAction(params<CourseResourcesParams>()(z.object({ courseId: id('课程') })), async (p, { db }) => {
  const links = (
    await db
      .collection<{ _id: string; resourceId: string }>(COURSE_LINKS)
      .where({ courseId: p.courseId })
      .orderBy('attachedAt', 'asc')
      .limit(MAX_PER_COURSE)
      .get()
  ).data;
  if (!links.length) return { items: [] };
  const _ = db.command;
  const docs = await db
    .collection<ListedResource>(RESOURCES)
    .where({ _id: _.in(links.map((l) => l.resourceId)), status: 'published' })
    .field(LIST_FIELDS)
    .limit(MAX_PER_COURSE)
    .get();
  const byId = new Map(docs.data.map((d) => [d._id, d]));
  return { items: links.map((l) => byId.get(l.resourceId)).filter((d): d is ListedResource => !!d).map(toItem) };
});
