import { CHART_COLOR, CHART_PROPERTIES, drawWhenReady, GRID_COLOR, numberText, paintCanvas, rpx, TEXT_COLOR, type ChartPoint } from '../chart-draw';

// A line chart of a few years (the year under each point, the value above it), with the same
// figures as a list under it for anyone who does not read the drawing.
Component({
  behaviors: [drawWhenReady],
  properties: CHART_PROPERTIES,
  observers: {
    items() {
      void this.draw();
    },
  },
  methods: {
    draw() {
      return paintCanvas(this, ({ ctx, width, height }) => {
        const points = this.data.items as ChartPoint[];
        if (!points.length) return;
        const font = rpx(36);
        ctx.font = `${font}px sans-serif`;
        const pad = rpx(48);
        const top = font * 1.8;
        const bottom = height - font * 1.8;
        const max = Math.max(1, ...points.map((p) => p.value));
        const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
        const xOf = (i: number) => (points.length > 1 ? pad + i * step : width / 2);
        const yOf = (v: number) => bottom - ((bottom - top) * v) / max;
        ctx.strokeStyle = GRID_COLOR;
        ctx.beginPath();
        ctx.moveTo(pad / 2, bottom);
        ctx.lineTo(width - pad / 2, bottom);
        ctx.stroke();
        ctx.strokeStyle = CHART_COLOR;
        ctx.lineWidth = rpx(6);
        ctx.beginPath();
        points.forEach((p, i) => (i ? ctx.lineTo(xOf(i), yOf(p.value)) : ctx.moveTo(xOf(i), yOf(p.value))));
        ctx.stroke();
        ctx.textAlign = 'center';
        points.forEach((p, i) => {
          ctx.fillStyle = CHART_COLOR;
          ctx.beginPath();
          ctx.arc(xOf(i), yOf(p.value), rpx(10), 0, Math.PI * 2);
          ctx.fill();
          ctx.fillStyle = TEXT_COLOR;
          ctx.textBaseline = 'bottom';
          ctx.fillText(numberText(p.value), xOf(i), yOf(p.value) - rpx(14));
          ctx.textBaseline = 'top';
          ctx.fillText(p.label, xOf(i), bottom + rpx(12));
        });
      });
    },
  },
});
