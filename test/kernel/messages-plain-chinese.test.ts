import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * Every Chinese string a function can answer with is read by a resident: no English words, enum
 * values (city, branch, active…), ids (br_…, pt_…) or OPENID in it. Scanned with the TypeScript
 * scanner over every string literal and template text of cloudfunctions/ that contains Chinese.
 * File formats and units a resident sees on their own files and phone are allowed.
 */
const ROOT = path.join(__dirname, '..', '..', 'cloudfunctions');
const ALLOWED = new Set(['CSV', 'csv', 'Excel', 'xlsx', 'xls', 'WPS', 'UTF', 'MB', 'JPG', 'jpg', 'PNG', 'png', 'WebP', 'webp', 'https', 'AC']);
/** Spreadsheet column headers staff paste system values into (not messages). */
const HEADERS = /header:\s*$/;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function chineseTexts(file: string): Array<{ line: number; text: string }> {
  const source = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const text = node.text;
      const before = source.slice(Math.max(0, node.getStart(sf) - 20), node.getStart(sf));
      if (/[\u4e00-\u9fff]/.test(text) && !HEADERS.test(before)) out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function latinWords(text: string): string[] {
  return (text.match(/(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_]+(?![A-Za-z0-9])/g) ?? []).filter((w) => !ALLOWED.has(w));
}

test('Chinese messages in cloudfunctions carry no English words, enum values or ids', () => {
  const offenders: string[] = [];
  for (const file of walk(ROOT)) {
    for (const { line, text } of chineseTexts(file)) {
      const words = latinWords(text);
      if (words.length) offenders.push(`${path.relative(ROOT, file)}:${line} ${words.join(',')} — ${text}`);
    }
  }
  expect(offenders).toEqual([]);
});

test('the scan sees what it must refuse', () => {
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msg-scan-')), 'probe.ts');
  fs.writeFileSync(probe, "export const m = '排行范围应为 city、branch 或 point';\nexport const t = (x: string) => `教学点 ${x} 应以 pt_ 开头`;\n");
  try {
    const texts = chineseTexts(probe).map((t) => t.text);
    expect(texts).toEqual(['排行范围应为 city、branch 或 point', '教学点 ', ' 应以 pt_ 开头']);
    expect(texts.map(latinWords)).toEqual([['city', 'branch', 'point'], [], ['pt_']]);
    expect(latinWords('请上传 JPG 或 PNG 照片，不超过 5MB')).toEqual([]);
  } finally {
    fs.unlinkSync(probe);
  }
});
