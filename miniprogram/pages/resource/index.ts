import { elderMode } from '../../behaviors/elder-mode';
import type { ViewStatus } from '../../components/state-view/type';
import { AUDIENCE_NAMES, completeResource, getResource, KIND_NAMES, playResource, shareResource, type ResourceDetail } from '../../services/resource';
import { topicLabel } from '../../utils/topics';
import { messageOf } from '../../services/transport';
import { showError } from '../../utils/alert';

type Player = 'none' | 'video' | 'audio';

let audio: WechatMiniprogram.InnerAudioContext | null = null;

// One resource: cover and facts; video in <video>, audio through an inner audio context, a PDF
// or slides downloaded and opened with wx.openDocument. Finishing counts a completion once.
Component({
  behaviors: [elderMode],
  data: {
    resourceId: '',
    status: 'loading' as ViewStatus,
    errorText: '',
    resource: null as (ResourceDetail & { kindName: string; topicName: string; audienceText: string }) | null,
    player: 'none' as Player,
    url: '',
    playing: false,
    opening: false,
    completed: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ resourceId: query.resourceId || '' });
      this.load();
    },

    onUnload() {
      if (audio) {
        audio.destroy();
        audio = null;
      }
    },

    async load() {
      this.setData({ status: 'loading' });
      try {
        const r = await getResource(this.data.resourceId);
        this.setData({
          status: 'ready',
          resource: { ...r, kindName: KIND_NAMES[r.kind], topicName: topicLabel(r.topic), audienceText: r.audiences.map((a) => AUDIENCE_NAMES[a]).join('、') },
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    onRetry() {
      this.load();
    },

    async onPlay() {
      const r = this.data.resource;
      if (!r || this.data.opening) return;
      this.setData({ opening: true });
      try {
        const { url } = await playResource(r.id);
        if (r.kind === 'video' || r.kind === 'animation') {
          this.setData({ player: 'video', url });
        } else if (r.kind === 'audio') {
          if (audio) audio.destroy();
          audio = wx.createInnerAudioContext();
          audio.src = url;
          audio.onEnded(() => {
            this.setData({ playing: false });
            this.onEnded();
          });
          audio.play();
          this.setData({ player: 'audio', url, playing: true });
        } else {
          await openDocument(url);
        }
      } catch (err) {
        showError(messageOf(err));
      } finally {
        this.setData({ opening: false });
      }
    },

    onPauseAudio() {
      if (!audio) return;
      if (this.data.playing) audio.pause();
      else audio.play();
      this.setData({ playing: !this.data.playing });
    },

    async onEnded() {
      if (this.data.completed) return;
      try {
        await completeResource(this.data.resourceId);
        this.setData({ completed: true });
        wx.showToast({ title: '已学完，继续加油', icon: 'none' });
      } catch {
        // Counting needs a signed-in learner; watching does not.
      }
    },

    onShareAppMessage() {
      shareResource(this.data.resourceId).catch(() => undefined);
      return { title: this.data.resource ? this.data.resource.title : '科普资源', path: `/pages/resource/index?resourceId=${this.data.resourceId}` };
    },
  },
});

function openDocument(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== 200) {
          reject(new Error('文件下载失败，请稍后再试'));
          return;
        }
        wx.openDocument({ filePath: res.tempFilePath, showMenu: false, success: () => resolve(), fail: () => reject(new Error('文件打开失败，请稍后再试')) });
      },
      fail: () => reject(new Error('网络不太好，请稍后再试')),
    });
  });
}
