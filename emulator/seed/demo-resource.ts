import { toBuffer } from 'qrcode';
import { cloud } from '../../cloudfunctions/_shared/cloud';
import type { Topic } from '../../typings/course';
import type { Audience, ResourceKind } from '../../typings/resource';
import type { FunctionHost } from '../host';
import { DEMO_ACCOUNTS } from './accounts';

/**
 * Demo course resources and one outstanding-activity case. The files are real and small, put in
 * the local cloud storage through `cloud.uploadFile` as the mini-program's upload would: PDFs
 * written here by hand, a silent MP3, a 1×1 GIF, and PNG covers drawn by the `qrcode` library.
 * Everything else goes through the real `resource` and `cases` actions: upload (and its content
 * check), review, premium, attaching to a course, submitting a case.
 */

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function must<T>(host: FunctionHost, fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await host.invoke(fn, event, { openid })) as Envelope<T>;
  if (!res.ok) throw new Error(`demo seed: ${fn}.${String(event.action)} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** A one-page PDF showing `line` (ASCII), with a correct cross-reference table. */
export function tinyPdf(line: string): Buffer {
  const text = line.replace(/[()\\]/g, '');
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** About a second of silence: MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each). */
export function silentMp3(frames = 38): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** A 1×1 transparent GIF. */
const TINY_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function put(cloudPath: string, fileContent: Buffer): Promise<string> {
  return (await cloud.uploadFile({ cloudPath, fileContent })).fileID;
}

interface DemoResource {
  key: string;
  kind: ResourceKind;
  ext: string;
  file: () => Buffer;
  title: string;
  summary: string;
  topic: Topic;
  audiences: Audience[];
  durationSec?: number;
  /** Who uploads, for which unit. */
  by: 'point' | 'branch' | 'head';
  publish: boolean;
}

const RESOURCES: DemoResource[] = [
  { key: 'first-aid', kind: 'ebook', ext: 'pdf', file: () => tinyPdf('Family first aid handbook'), title: '家庭急救手册', summary: '心肺复苏、海姆立克急救法和常见外伤的家庭处理，图文并茂，适合全家阅读。', topic: '死', audiences: ['senior', 'middle', 'caregiver'], by: 'head', publish: true },
  { key: 'fraud', kind: 'slides', ext: 'pdf', file: () => tinyPdf('Phone fraud: how to say no'), title: '老年人防诈骗课件', summary: '冒充公检法、养老投资、保健品推销等常见骗局的识别方法，课堂讲授用。', topic: '用', audiences: ['senior'], by: 'point', publish: true },
  { key: 'diet', kind: 'audio', ext: 'mp3', file: () => silentMp3(), title: '秋冬饮食小贴士', summary: '营养师讲时令蔬果怎么吃、少盐少油的家常做法。', topic: '食', audiences: ['senior', 'middle'], durationSec: 1, by: 'branch', publish: true },
  { key: 'power', kind: 'animation', ext: 'gif', file: () => TINY_GIF, title: '居家用电安全动画', summary: '电动车充电、老旧电线和插线板使用的安全要点。', topic: '住', audiences: ['senior', 'teen', 'child'], by: 'head', publish: true },
  { key: 'pressure', kind: 'slides', ext: 'pdf', file: () => tinyPdf('Living with high blood pressure'), title: '高血压日常管理课件', summary: '量血压的正确方法、按时服药、饮食和运动注意事项。', topic: '病', audiences: ['senior', 'caregiver'], by: 'point', publish: false },
];

const CASE_SUMMARY = '全国科普日当天，解放碑社区科普志愿服务队联合社区卫生服务中心开展健康义诊与科普讲座，为社区老人测量血压、讲解慢病防治知识，居民参与踊跃，反响热烈。';

export async function seedResourceDemo(host: FunctionHost, org: { points: Record<string, string> }): Promise<void> {
  const head = DEMO_ACCOUNTS.headAdmin;
  const branchAdmin = DEMO_ACCOUNTS.branchAdminYuzhong;
  const pointAdmin = DEMO_ACCOUNTS.pointAdminJiefangbei;
  const pointId = org.points.jiefangbei;
  const branchId = 'br_500103';
  if (!pointId) return;

  const ids: Record<string, string> = {};
  for (const r of RESOURCES) {
    const unit = r.by === 'point' ? { pointId } : r.by === 'branch' ? { branchId } : {};
    const owner = r.by === 'point' ? pointAdmin : r.by === 'branch' ? branchAdmin : head;
    const folder = r.by === 'point' ? pointId : r.by === 'branch' ? branchId : 'head';
    const fileContent = r.file();
    const fileId = await put(`resources/${folder}/demo-${r.key}.${r.ext}`, fileContent);
    const coverFileId = await put(`resources/${folder}/demo-${r.key}-cover.png`, await toBuffer(r.title, { scale: 2, margin: 1 }));
    const { resourceId, status } = await must<{ resourceId: string; status: string }>(
      host,
      'resource',
      { action: 'upload', ...unit, kind: r.kind, title: r.title, summary: r.summary, topic: r.topic, audiences: r.audiences, fileId, fileSize: fileContent.length, coverFileId, ...(r.durationSec ? { durationSec: r.durationSec } : {}) },
      owner,
    );
    if (status !== 'pending') throw new Error(`demo seed: resource ${r.key} is ${status} after its content check`);
    if (r.publish) await must(host, 'resource', { action: 'review', resourceId, decision: 'publish' }, r.by === 'head' ? head : branchAdmin);
    ids[r.key] = resourceId;
  }
  await must(host, 'resource', { action: 'setPremium', resourceId: ids['first-aid'], premium: true }, head);
  await must(host, 'resource', { action: 'recordFunding', resourceId: ids['first-aid'], amount: 5000, date: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), round: '精品资源第一批' }, head);

  // The point's 智能手机防诈骗 course carries the slides.
  const courses = await must<{ items: Array<{ id: string; title: string }> }>(host, 'course', { action: 'list', pointId, limit: 50 }, pointAdmin);
  const fraudCourse = courses.items.find((c) => c.title === '智能手机防诈骗');
  if (fraudCourse) {
    await must(host, 'resource', { action: 'attachToCourse', courseId: fraudCourse.id, resourceId: ids.fraud }, pointAdmin);
    await must(host, 'resource', { action: 'attachToCourse', courseId: fraudCourse.id, resourceId: ids['first-aid'] }, pointAdmin);
  }

  // 渝中 submits its most recent ended science-day activity as a case.
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  for (const year of [thisYear, thisYear - 1]) {
    const { items } = await must<{ items: Array<{ activityKind: string; activityId: string; caseId: string | null }> }>(host, 'cases', { action: 'caseCandidates', year, branchId }, branchAdmin);
    const pick = items.find((c) => !c.caseId);
    if (!pick) continue;
    const photos = [
      await put(`cases/${branchId}/${pick.activityId}/demo-1.png`, await toBuffer('全国科普日·健康义诊', { scale: 3, margin: 1 })),
      await put(`cases/${branchId}/${pick.activityId}/demo-2.png`, await toBuffer('全国科普日·科普讲座', { scale: 3, margin: 1 })),
    ];
    await must(host, 'cases', { action: 'submitCase', activityKind: pick.activityKind, activityId: pick.activityId, summary: CASE_SUMMARY, photos }, branchAdmin);
    break;
  }
}
