/**
 * Drawing helpers of the staff charts (canvas 2d). Labels are drawn at 36rpx or more, converted to
 * the canvas's CSS pixels by the window width (750rpx = the window's width).
 */
export interface ChartPoint {
  label: string;
  value: number;
}

/** The properties of every chart component: a title, the points, and the unit of their values. */
export const CHART_PROPERTIES = {
  title: { type: String, value: '' },
  items: { type: Array, value: [] as ChartPoint[] },
  unit: { type: String, value: '' },
};

export const CHART_COLOR = '#0b5cad';
export const TEXT_COLOR = '#1a1a1a';
export const GRID_COLOR = '#8c8c8c';

export function rpx(n: number): number {
  const width = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo().windowWidth : wx.getSystemInfoSync().windowWidth;
  return (n * width) / 750;
}

export interface Canvas2d {
  ctx: WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;
  width: number;
  height: number;
}

/**
 * The 2d context of the component's `<canvas type="2d" id="c">`, sized for the screen's pixel ratio;
 * null where there is no canvas to draw on.
 */
export function canvasOf(component: WechatMiniprogram.Component.TrivialInstance): Promise<Canvas2d | null> {
  return new Promise((resolve) => {
    if (typeof wx.createSelectorQuery !== 'function') {
      resolve(null);
      return;
    }
    wx.createSelectorQuery()
      .in(component)
      .select('#c')
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: WechatMiniprogram.Canvas; width?: number; height?: number } | null>) => {
        const hit = res && res[0];
        if (!hit || !hit.node || !hit.width || !hit.height) {
          resolve(null);
          return;
        }
        const canvas = hit.node;
        const ratio = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo().pixelRatio : wx.getSystemInfoSync().pixelRatio;
        canvas.width = hit.width * ratio;
        canvas.height = hit.height * ratio;
        const ctx = canvas.getContext('2d') as Canvas2d['ctx'];
        ctx.scale(ratio, ratio);
        resolve({ ctx, width: hit.width, height: hit.height });
      });
  });
}

/** Clears the component's canvas and paints on it; nothing where there is no canvas. */
export async function paintCanvas(component: WechatMiniprogram.Component.TrivialInstance, paint: (c: Canvas2d) => void): Promise<void> {
  const c = await canvasOf(component);
  if (!c) return;
  c.ctx.clearRect(0, 0, c.width, c.height);
  paint(c);
}

/** A chart component's first drawing, once its canvas is laid out: `behaviors: [drawWhenReady]` on a component with `draw()`. */
export const drawWhenReady = Behavior({
  lifetimes: {
    ready() {
      void (this as unknown as { draw(): Promise<void> }).draw();
    },
  },
});

/** A readable number for a label: 12345 → 12345, 1.25 → 1.3. */
export function numberText(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
