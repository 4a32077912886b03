import { CHART_COLOR, CHART_PROPERTIES, drawWhenReady, GRID_COLOR, numberText, paintCanvas, rpx, TEXT_COLOR, type ChartPoint } from '../chart-draw';

const MAX_BARS = 12;

// A horizontal bar chart (one bar per unit, the name at the left, the value at the bar's end),
// with the same figures as a list under it for anyone who does not read the drawing.
Component({
  behaviors: [drawWhenReady],
  properties: CHART_PROPERTIES,
  data: { shown: [] as ChartPoint[], height: 0 },
  observers: {
    items(items: ChartPoint[]) {
      const shown = items.slice(0, MAX_BARS);
      this.setData({ shown, height: Math.max(1, shown.length) * 80 + 20 });
      void this.draw();
    },
  },
  methods: {
    draw() {
      return paintCanvas(this, ({ ctx, width }) => {
        const bars = this.data.shown;
        const font = rpx(36);
        ctx.font = `${font}px sans-serif`;
        ctx.textBaseline = 'middle';
        const labelWidth = Math.min(width * 0.4, Math.max(...bars.map((b) => ctx.measureText(b.label).width), 0) + rpx(16));
        const valueRoom = rpx(120);
        const max = Math.max(1, ...bars.map((b) => b.value));
        const row = rpx(80);
        ctx.strokeStyle = GRID_COLOR;
        ctx.beginPath();
        ctx.moveTo(labelWidth, 0);
        ctx.lineTo(labelWidth, bars.length * row);
        ctx.stroke();
        bars.forEach((b, i) => {
          const y = i * row + row / 2;
          ctx.fillStyle = TEXT_COLOR;
          ctx.textAlign = 'right';
          ctx.fillText(b.label, labelWidth - rpx(12), y, labelWidth - rpx(12));
          const w = ((width - labelWidth - valueRoom) * b.value) / max;
          ctx.fillStyle = CHART_COLOR;
          ctx.fillRect(labelWidth, y - row * 0.3, w, row * 0.6);
          ctx.fillStyle = TEXT_COLOR;
          ctx.textAlign = 'left';
          ctx.fillText(numberText(b.value), labelWidth + w + rpx(8), y);
        });
      });
    },
  },
});
