import { elderMode } from '../../behaviors/elder-mode';
import { loadInto } from '../../utils/load-state';
import type { ViewStatus } from '../../components/state-view/type';
import { certificate, shortTime, type CertificateResult } from '../../services/volunteer';
import { CERT_HEIGHT, CERT_WIDTH, drawCertificate } from './draw';
import { showError } from '../../utils/alert';

// The volunteer service certificate: shown as text, drawn on a 2D canvas, saved or shared as an image.
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    cert: null as CertificateResult | null,
    records: [] as { recordId: string; text: string }[],
    saving: false,
  },
  methods: {
    onLoad() {
      this.load();
    },

    load() {
      return loadInto(this, certificate, (cert) => ({
        cert,
        records: cert.records.map((r) => ({ recordId: r.recordId, text: `${shortTime(r.startsAt)} ${r.activityTitle} · ${r.hours}小时` })),
        status: 'ready',
      }));
    },

    onRetry() {
      this.load();
    },

    /** Draws the certificate on the canvas and opens WeChat's save/share sheet for the image. */
    onShareImage() {
      const cert = this.data.cert;
      if (!cert || this.data.saving) return;
      this.setData({ saving: true });
      const done = (message?: string) => {
        this.setData({ saving: false });
        if (message) showError(message);
      };
      this.createSelectorQuery()
        .select('#cert-canvas')
        .fields({ node: true, size: true })
        .exec((res) => {
          const node = res && res[0] && (res[0].node as WechatMiniprogram.Canvas | undefined);
          if (!node) {
            done('生成图片失败，请稍后再试');
            return;
          }
          const dpr = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          node.width = CERT_WIDTH * dpr;
          node.height = CERT_HEIGHT * dpr;
          const ctx = node.getContext('2d') as WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;
          ctx.scale(dpr, dpr);
          drawCertificate(ctx, cert);
          wx.canvasToTempFilePath({
            canvas: node,
            fileType: 'png',
            success: (file) => {
              wx.showShareImageMenu({ path: file.tempFilePath, complete: () => done() });
            },
            fail: () => done('生成图片失败，请稍后再试'),
          });
        });
    },
  },
});
