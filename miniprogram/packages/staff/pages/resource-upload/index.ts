import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import type { Topic } from '../../../../../typings/course';
import type { Audience, ResourceKind, UploadResourceParams, UploadResourceResult } from '../../../../../typings/resource';
import { AUDIENCE_NAMES, COVER_MAX_MB, KIND_FILES, KIND_NAMES, recheckResource, uploadResource } from '../../../../services/resource';
import { messageOf, uploadFile } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { TOPIC_LABELS, TOPICS } from '../../../../utils/topics';

interface Unit {
  key: string;
  name: string;
  params: { pointId?: string; branchId?: string };
}

interface Picked {
  path: string;
  name: string;
  size: number;
  ext: string;
  durationSec?: number;
}

const KINDS: ResourceKind[] = ['video', 'audio', 'ebook', 'animation', 'slides'];
const AUDIENCES = Object.keys(AUDIENCE_NAMES) as Audience[];
const MB = 1024 * 1024;

function extOf(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
}

function sizeText(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)}MB` : `${Math.max(1, Math.round(bytes / 1024))}KB`;
}

/** What the content check answered, in words a staff member acts on. */
function resultText(r: UploadResourceResult): { tone: 'ok' | 'wait' | 'bad'; title: string; text: string } {
  if (r.status === 'blocked') return { tone: 'bad', title: '未通过内容安全检测', text: `${r.blockReason ?? '内容不宜公开'}。这个资源不会向学员展示。` };
  if (r.status === 'checking') return { tone: 'wait', title: '内容安全检测暂时没有完成', text: '资源已保存，但在检测通过之前不会向学员展示。请稍后点“重新检测”。' };
  return { tone: 'ok', title: '已通过内容安全检测，等待审核', text: '分校（总校上传的由总校）审核发布后，全市学员都能看到。审核结果可在“课程资源审核”中查看。' };
}

// Staff upload a course resource of their unit: file, compressed cover, title, summary, topic and audience.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    units: [] as Unit[],
    unitNames: [] as string[],
    unitIndex: 0,
    kinds: KINDS.map((k) => ({ code: k, name: KIND_NAMES[k] })),
    kind: 'video' as ResourceKind,
    fileHint: '',
    file: null as Picked | null,
    fileLine: '',
    cover: null as Picked | null,
    title: '',
    summary: '',
    topicNames: TOPICS.map((t) => TOPIC_LABELS[t]),
    topicIndex: -1,
    topicPick: 0,
    topicText: '请选择主题',
    audiences: AUDIENCES.map((a) => ({ code: a, name: AUDIENCE_NAMES[a], on: false })),
    busy: false,
    busyText: '',
    formError: '',
    result: null as (UploadResourceResult & { tone: string; title: string; text: string }) | null,
  },
  methods: {
    async onLoad() {
      this.setHint('video');
      try {
        const { roles } = await me();
        const units: Unit[] = [];
        for (const r of roles) {
          if (r.role === 'head_admin' && !units.some((u) => u.key === 'head')) units.push({ key: 'head', name: '总校', params: {} });
          if (r.role === 'branch_admin' && r.scopeId) units.push({ key: r.scopeId, name: r.scopeName || '本分校', params: { branchId: r.scopeId } });
          if (r.role === 'point_admin' && r.scopeId) units.push({ key: r.scopeId, name: r.scopeName || '本教学点', params: { pointId: r.scopeId } });
        }
        if (!units.length) {
          this.setData({ status: 'error', errorText: '只有教学点、分校或总校的管理员可以上传课程资源' });
          return;
        }
        this.setData({ units, unitNames: units.map((u) => u.name), status: 'ready' });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.setData({ status: 'loading' });
      this.onLoad();
    },

    setHint(kind: ResourceKind) {
      const rule = KIND_FILES[kind];
      this.setData({ fileHint: `${KIND_NAMES[kind]}：${rule.exts.join('、')} 格式，不超过${rule.maxMB}MB` });
    },

    onUnit(e: WechatMiniprogram.PickerChange) {
      this.setData({ unitIndex: Number(e.detail.value) });
    },

    onKind(e: WechatMiniprogram.TouchEvent) {
      const kind = e.currentTarget.dataset.code as ResourceKind;
      // A file chosen for another kind no longer fits.
      this.setData({ kind, file: null, fileLine: '', formError: '' });
      this.setHint(kind);
    },

    pickFile(): Promise<Picked | null> {
      const kind = this.data.kind;
      return new Promise((resolve) => {
        if (kind === 'video') {
          wx.chooseMedia({
            count: 1,
            mediaType: ['video'],
            sourceType: ['album', 'camera'],
            success: (res) => {
              const f = res.tempFiles[0];
              resolve(f ? { path: f.tempFilePath, name: '视频', size: f.size, ext: extOf(f.tempFilePath), durationSec: f.duration ? Math.round(f.duration) : undefined } : null);
            },
            fail: () => resolve(null),
          });
          return;
        }
        wx.chooseMessageFile({
          count: 1,
          type: 'file',
          extension: KIND_FILES[kind].exts,
          success: (res) => {
            const f = res.tempFiles[0];
            resolve(f ? { path: f.path, name: f.name, size: f.size, ext: extOf(f.name) || extOf(f.path) } : null);
          },
          fail: () => resolve(null),
        });
      });
    },

    async onChooseFile() {
      const picked = await this.pickFile();
      if (!picked) return;
      const rule = KIND_FILES[this.data.kind];
      if (!rule.exts.includes(picked.ext)) {
        this.setData({ formError: `${KIND_NAMES[this.data.kind]}只能上传 ${rule.exts.join('、')} 格式的文件，请重新选择` });
        return;
      }
      if (picked.size > rule.maxMB * MB) {
        this.setData({ formError: `这个文件有${sizeText(picked.size)}，${KIND_NAMES[this.data.kind]}不能超过${rule.maxMB}MB，请重新选择` });
        return;
      }
      this.setData({ file: picked, fileLine: `${picked.name}（${sizeText(picked.size)}）`, formError: '' });
    },

    onChooseCover() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: (res) => {
          const f = res.tempFiles[0];
          if (!f) return;
          wx.compressImage({
            src: f.tempFilePath,
            quality: 70,
            success: (c) => {
              wx.getFileSystemManager().getFileInfo({
                filePath: c.tempFilePath,
                success: (info) => this.setCover(c.tempFilePath, info.size),
                fail: () => this.setCover(c.tempFilePath, f.size),
              });
            },
            fail: () => this.setData({ formError: '封面图片没有压缩成功，请换一张图片' }),
          });
        },
      });
    },

    setCover(path: string, size: number) {
      const ext = extOf(path);
      if (!['jpg', 'jpeg', 'png', 'webp'].includes(ext)) {
        this.setData({ formError: '封面应为 jpg、png 或 webp 图片，请换一张' });
        return;
      }
      if (size > COVER_MAX_MB * MB) {
        this.setData({ formError: `封面压缩后仍有${sizeText(size)}，不能超过${COVER_MAX_MB}MB，请换一张小一些的图片` });
        return;
      }
      this.setData({ cover: { path, name: '封面', size, ext }, formError: '' });
    },

    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as 'title' | 'summary';
      this.setData({ [field]: e.detail.value });
    },

    onTopic(e: WechatMiniprogram.PickerChange) {
      const topicIndex = Number(e.detail.value);
      this.setData({ topicIndex, topicPick: topicIndex, topicText: this.data.topicNames[topicIndex] ?? '请选择主题' });
    },

    onAudience(e: WechatMiniprogram.TouchEvent) {
      const code = e.currentTarget.dataset.code as Audience;
      this.setData({ audiences: this.data.audiences.map((a) => (a.code === code ? { ...a, on: !a.on } : a)) });
    },

    /** The first thing missing from the form, in words, or ''. */
    missing(): string {
      const d = this.data;
      if (!d.file) return `请选择${KIND_NAMES[d.kind]}文件`;
      if (!d.cover) return '请选择封面图片';
      if (d.title.trim().length < 2) return '请填写标题（至少2个字）';
      if (!d.summary.trim()) return '请填写简介';
      if (d.topicIndex < 0) return '请选择主题';
      if (!d.audiences.some((a) => a.on)) return '请至少选择一类适用人群';
      return '';
    },

    async onSubmit() {
      if (this.data.busy) return;
      const problem = this.missing();
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      const d = this.data;
      const unit = d.units[d.unitIndex];
      const file = d.file as Picked;
      const cover = d.cover as Picked;
      const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      this.setData({ busy: true, formError: '', result: null, busyText: '正在上传文件…' });
      try {
        const fileId = await uploadFile(`resources/${unit.key}/${stamp}.${file.ext}`, file.path);
        this.setData({ busyText: '正在上传封面…' });
        const coverFileId = await uploadFile(`resources/${unit.key}/${stamp}-cover.${cover.ext}`, cover.path);
        this.setData({ busyText: '正在进行内容安全检测…' });
        const params: UploadResourceParams = {
          ...unit.params,
          kind: d.kind,
          title: d.title.trim(),
          summary: d.summary.trim(),
          topic: TOPICS[d.topicIndex] as Topic,
          audiences: d.audiences.filter((a) => a.on).map((a) => a.code),
          fileId,
          fileSize: file.size,
          coverFileId,
          ...(file.durationSec ? { durationSec: file.durationSec } : {}),
        };
        const r = await uploadResource(params);
        this.setData({ result: { ...r, ...resultText(r) } });
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ busy: false, busyText: '' });
      }
    },

    async onRecheck() {
      const current = this.data.result;
      if (!current || this.data.busy) return;
      this.setData({ busy: true, formError: '', busyText: '正在重新检测…' });
      try {
        const r = await recheckResource(current.resourceId);
        this.setData({ result: { ...r, ...resultText(r) } });
      } catch (err) {
        this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ busy: false, busyText: '' });
      }
    },

    onAnother() {
      this.setData({ result: null, file: null, fileLine: '', cover: null, title: '', summary: '', topicIndex: -1, topicPick: 0, topicText: '请选择主题', audiences: AUDIENCES.map((a) => ({ code: a, name: AUDIENCE_NAMES[a], on: false })) });
    },
  },
});
