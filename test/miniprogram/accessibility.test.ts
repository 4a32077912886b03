import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The elderly-friendly floor (适老化) checked over every style and page of the mini-program:
 * body text ≥ 18px-equivalent (36rpx), tap targets ≥ 44px (88rpx) and ≥ 60px (120rpx) in
 * 长辈模式, text contrast ≥ 4.5:1, and every page honouring 长辈模式.
 */
const ROOT = path.join(__dirname, '..', '..', 'miniprogram');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, ext);
    return full.endsWith(ext) ? [full] : [];
  });
}

const appWxss = readFileSync(path.join(ROOT, 'app.wxss'), 'utf8');
const rootBlock = /page\s*\{([^}]*)\}/.exec(appWxss)?.[1] ?? '';
const elderBlock = /\.elder\s*\{([^}]*)\}/.exec(appWxss)?.[1] ?? '';
const token = (block: string, name: string) => new RegExp(`--${name}:\\s*([^;]+);`).exec(block)?.[1].trim();
const rpx = (value: string | undefined) => Number(/^(\d+)rpx$/.exec(value ?? '')?.[1] ?? NaN);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('适老化 floor', () => {
  it('sizes text and tap targets from tokens that meet the floor, larger in 长辈模式', () => {
    for (const name of ['font-small', 'font-body']) expect(rpx(token(rootBlock, name))).toBeGreaterThanOrEqual(36);
    expect(rpx(token(rootBlock, 'tap-min'))).toBeGreaterThanOrEqual(88);
    expect(rpx(token(elderBlock, 'font-body'))).toBeGreaterThan(rpx(token(rootBlock, 'font-body')));
    expect(rpx(token(elderBlock, 'tap-min'))).toBeGreaterThanOrEqual(120);
  });

  it('never sets a literal font size below 36rpx, nor in px', () => {
    const offenders: string[] = [];
    for (const file of files(ROOT, '.wxss')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/font-size:\s*([^;]+);/g)) {
        const value = m[1].trim();
        if (value.startsWith('var(')) continue;
        if (/px$/.test(value) && !/rpx$/.test(value)) offenders.push(`${path.relative(ROOT, file)}: ${value}`);
        else if (rpx(value) < 36) offenders.push(`${path.relative(ROOT, file)}: ${value}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps every text colour token at 4.5:1 or more on the page and card backgrounds', () => {
    const bg = token(rootBlock, 'color-bg')!;
    const surface = token(rootBlock, 'color-surface')!;
    for (const name of ['color-text', 'color-text-secondary', 'color-primary', 'color-danger']) {
      const fg = token(rootBlock, name)!;
      expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(fg, surface)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(token(rootBlock, 'color-on-primary')!, token(rootBlock, 'color-primary')!)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps literal text colours in page styles at 4.5:1 or more on white', () => {
    const offenders: string[] = [];
    for (const file of files(ROOT, '.wxss')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|[;{\s])color:\s*(#[0-9a-fA-F]{6})/g)) {
        if (contrast(m[1], '#ffffff') < 4.5) offenders.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('lets every page switch to 长辈模式', () => {
    const pages = files(ROOT, '.wxml').filter((f) => /[/\\]pages[/\\]/.test(f));
    expect(pages.length).toBeGreaterThan(30);
    expect(pages.filter((f) => !/elder/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
