import ExcelJS from 'exceljs';
import { database } from '../../cloudfunctions/_shared/cloud';
import { errorCode, expectOk, type LocalCloud } from '../support/cloud';
import { BRANCH_ADMIN_YUZHONG, createQuiz, HEAD, importBank, LEARNERS, makeQuestions, startQuizCloud } from './helpers';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startQuizCloud();
});
afterAll(() => cloud.close());

interface ImportResult {
  imported: number;
  rejected: Array<{ index: number; row?: number; reason: string }>;
  questionIds: string[];
  rows?: number;
}

const importQuestions = async (questions: unknown[], caller = HEAD) => cloud.call('quiz', { action: 'importQuestions', questions }, caller);

describe('importQuestions', () => {
  test('stores the valid questions and reports every invalid one with a Chinese reason', async () => {
    const ok = { type: 'single', stem: '导入测试：哪种做法能预防流感？', options: ['勤洗手', '熬夜', '不通风'], answer: [0], explanation: '勤洗手能减少病毒传播', topic: '健康' };
    const items: unknown[] = [
      ok, // 0 ok
      { ...ok, stem: '导入测试：单选两个答案？', answer: [0, 1] }, // 1 single with two answers
      { ...ok, stem: '导入测试：多选一个答案？', type: 'multiple', answer: [1] }, // 2 multiple with one answer
      { ...ok, stem: '导入测试：答案越界？', answer: [3] }, // 3 out of range
      { ...ok, stem: '导入测试：负数答案？', answer: [-1] }, // 4 negative
      { ...ok, stem: '导入测试：判断三个选项？', type: 'judge', options: ['正确', '错误', '不知道'], answer: [0] }, // 5 judge with 3 options
      { ...ok, stem: '   ' }, // 6 empty stem
      { ...ok, stem: '导入测试：未知题型？', type: 'essay' }, // 7 type
      { ...ok, stem: '导入测试：只有一个选项？', options: ['唯一'], answer: [0] }, // 8 too few options
      { ...ok, stem: '导入测试：七个选项？', options: ['1', '2', '3', '4', '5', '6', '7'], answer: [0] }, // 9 too many
      { ...ok, stem: '导入测试：重复选项？', options: ['甲', '甲'], answer: [0] }, // 10 duplicate options
      { ...ok, stem: '导入测试：小数答案？', answer: [0.5] }, // 11 non-integer
      { ...ok, stem: '导入测试：没有答案？', answer: [] }, // 12 empty answer
      'not an object', // 13
      { ...ok, stem: '导入测试：多选重复答案？', type: 'multiple', answer: [1, 1] }, // 14 duplicate answer
      { ...ok }, // 15 duplicate of item 0 in the batch
      { type: 'judge', stem: '导入测试：判断题可以省略选项。', answer: [1], explanation: '默认选项为正确、错误' }, // 16 ok
      { type: 'multiple', stem: '导入测试：哪些是蔬菜？', options: ['白菜', '苹果', '萝卜'], answer: [2, 0] }, // 17 ok, unsorted answer
      { ...ok, stem: '导入测试：空白选项？', options: ['甲', ' ', '丙'] }, // 18 blank option
      { ...ok, stem: '导入测试：主题太长？', topic: '这是一个非常非常非常非常非常非常长的主题名称啊' }, // 19 topic too long
    ];
    const res = expectOk<ImportResult>(await importQuestions(items));
    expect(res.imported).toBe(3);
    expect(res.questionIds).toHaveLength(3);
    expect(res.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19]);
    for (const r of res.rejected) expect(r.reason).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.imported + res.rejected.length).toBe(items.length);
    const reason = (i: number) => res.rejected.find((r) => r.index === i)!.reason;
    expect(reason(1)).toContain('只能有一个正确答案');
    expect(reason(2)).toContain('至少应有两个正确答案');
    expect(reason(3)).toContain('超出选项范围');
    expect(reason(5)).toContain('两个选项');
    expect(reason(15)).toContain('与第1题重复');

    const stored = await database().collection('questions').where({ _id: database().command.in(res.questionIds) }).get();
    const byStem = new Map(stored.data.map((q) => [q.stem as string, q]));
    expect(byStem.get('导入测试：判断题可以省略选项。')).toMatchObject({ options: ['正确', '错误'], answer: [1], topic: '综合', version: 1, status: 'active' });
    expect(byStem.get('导入测试：哪些是蔬菜？')).toMatchObject({ answer: [0, 2] });

    // The same question again, with different spacing: reported as already in the bank.
    const again = expectOk<ImportResult>(await importQuestions([{ ...ok, stem: ' 导入测试：哪种做法 能预防流感？ ' }]));
    expect(again.imported).toBe(0);
    expect(again.rejected[0].reason).toContain('已有相同题干');
  });

  test('only head admins maintain the bank', async () => {
    expect(errorCode(await importQuestions(makeQuestions(1, '健康', '权限'), BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await importQuestions(makeQuestions(1, '健康', '权限'), LEARNERS[0].openid))).toBe('PERMISSION_DENIED');
    expect(errorCode(await cloud.call('quiz', { action: 'importQuestions', questions: makeQuestions(1) }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await cloud.call('quiz', { action: 'listQuestions' }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    expect(errorCode(await importQuestions([]))).toBe('INVALID_ARGUMENT');
  });
});

describe('importQuestionsFile', () => {
  const header = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '主题'];
  const rows = [
    ['单选', '表格题：拨打急救电话是多少？', '110', '119', '120', '122', 'C', '120是急救电话', '应急安全'],
    ['多选', '表格题：哪些属于诈骗话术？', '“你的账户涉嫌洗钱”', '“刷单返利”', '“社区通知体检”', '', 'A,B', '', '防诈骗'],
    ['判断', '表格题：过期药品可以继续服用。', '', '', '', '', '错误', '过期药品药效和安全性无法保证', '健康'],
    ['问答', '表格题：未知题型', '甲', '乙', '', '', 'A', '', ''],
    ['单选', '表格题：答案字母不存在', '甲', '乙', '', '', 'G', '', ''],
    ['单选', '表格题：选项中间有空缺', '甲', '', '丙', '', 'A', '', ''],
    ['', '', '', '', '', '', '', '', ''],
    ['多选', '表格题：多选只有一个答案', '甲', '乙', '丙', '', 'B', '', ''],
    ['判断', '表格题：判断题用对错', '', '', '', '', '对', '', '健康'],
  ];

  function csv(lines: string[][]): string {
    return lines.map((l) => l.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
  }

  function expectReport(res: ImportResult) {
    expect(res.rows).toBe(8);
    expect(res.imported).toBe(4);
    expect(res.rejected.map((r) => r.row)).toEqual([5, 6, 7, 9]);
    const byRow = new Map(res.rejected.map((r) => [r.row, r.reason]));
    expect(byRow.get(5)).toContain('题型“问答”无法识别');
    expect(byRow.get(6)).toContain('“G”');
    expect(byRow.get(7)).toContain('选项B为空');
    expect(byRow.get(9)).toContain('至少应有两个正确答案');
  }

  test('CSV (UTF-8 with BOM): row-by-row report with spreadsheet row numbers', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([header, ...rows]), 'utf8')]).toString('base64');
    const res = expectOk<ImportResult>(await cloud.call('quiz', { action: 'importQuestionsFile', fileName: '题库.csv', contentBase64: content }, HEAD));
    expectReport(res);
    const stored = await database().collection('questions').where({ _id: database().command.in(res.questionIds) }).get();
    const byStem = new Map(stored.data.map((q) => [q.stem as string, q]));
    expect(byStem.get('表格题：拨打急救电话是多少？')).toMatchObject({ type: 'single', options: ['110', '119', '120', '122'], answer: [2], topic: '应急安全' });
    expect(byStem.get('表格题：哪些属于诈骗话术？')).toMatchObject({ type: 'multiple', answer: [0, 1], options: ['“你的账户涉嫌洗钱”', '“刷单返利”', '“社区通知体检”'] });
    expect(byStem.get('表格题：过期药品可以继续服用。')).toMatchObject({ type: 'judge', options: ['正确', '错误'], answer: [1] });
    expect(byStem.get('表格题：判断题用对错')).toMatchObject({ answer: [0] });
  });

  test('XLSX: the same layout, the same report', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题库');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r.map((c) => c.replace('表格题', 'Excel题')));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = expectOk<ImportResult>(
      await cloud.call('quiz', { action: 'importQuestionsFile', fileName: 'bank.XLSX', contentBase64: buf.toString('base64') }, HEAD),
    );
    expectReport(res);
  });

  test('a GBK-encoded CSV (Excel on Chinese Windows) is read too', async () => {
    const text = csv([header, ['单选', 'GBK题：哪种电器不宜长时间待机？', '电热毯', '书本', '', '', 'A', '', '数字生活']]);
    const gbk = encodeGbk(text);
    const res = expectOk<ImportResult>(await cloud.call('quiz', { action: 'importQuestionsFile', fileName: 'gbk.csv', contentBase64: gbk.toString('base64') }, HEAD));
    expect(res).toMatchObject({ imported: 1, rejected: [] });
  });

  test('a file without the required columns or of another type is refused as a whole', async () => {
    const noAnswer = Buffer.from(csv([['题型', '题干', '选项A'], ['单选', '题', '甲']])).toString('base64');
    const res = await cloud.call('quiz', { action: 'importQuestionsFile', fileName: 'x.csv', contentBase64: noAnswer }, HEAD);
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(res)).toContain('答案');
    expect(errorCode(await cloud.call('quiz', { action: 'importQuestionsFile', fileName: 'x.doc', contentBase64: noAnswer }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { action: 'importQuestionsFile', fileName: 'x.xlsx', contentBase64: noAnswer }, HEAD))).toBe('INVALID_ARGUMENT');
  });
});

/** GBK bytes of a string, built from the decoder's own table (Node has no GBK encoder). */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...table.get(ch)!);
  }
  return Buffer.from(bytes);
}

describe('editing and retiring', () => {
  test('updateQuestion makes a new version, keeps the old one, refuses stale and invalid edits', async () => {
    const [qid] = await importBank(cloud, [{ type: 'single', stem: '编辑测试：原题干', options: ['甲', '乙'], answer: [0] }]);
    const edit = { action: 'updateQuestion', questionId: qid, type: 'single', stem: '编辑测试：新题干', options: ['甲', '乙', '丙'], answer: [2], explanation: '新解析' };
    expect(expectOk(await cloud.call('quiz', { ...edit, version: 1 }, HEAD))).toEqual({ version: 2 });
    expect(errorCode(await cloud.call('quiz', { ...edit, version: 1 }, HEAD))).toBe('FAILED_PRECONDITION');
    expect(errorCode(await cloud.call('quiz', { ...edit, version: 2, answer: [5] }, HEAD))).toBe('INVALID_ARGUMENT');
    expect(errorCode(await cloud.call('quiz', { ...edit, version: 2 }, BRANCH_ADMIN_YUZHONG))).toBe('PERMISSION_DENIED');
    const current = (await database().collection('questions').doc(qid).get()).data;
    expect(current).toMatchObject({ stem: '编辑测试：新题干', answer: [2], version: 2 });
    const old = (await database().collection('questionVersions').doc(`${qid}:v1`).get()).data;
    expect(old).toMatchObject({ stem: '编辑测试：原题干', answer: [0], version: 1, questionId: qid });
    // Concurrent edits of the same version: exactly one wins.
    const racing = await Promise.all([0, 1, 2, 3].map((i) => cloud.call('quiz', { ...edit, version: 2, stem: `编辑测试：并发${i}` }, HEAD)));
    expect(racing.filter((r) => (r as { ok: boolean }).ok)).toHaveLength(1);
    const audit = await database().collection('audit').where({ action: 'quiz.updateQuestion', targetId: qid }).count();
    expect(audit.total).toBe(2);
  });

  test('retired questions are no longer drawn; listQuestions pages through the bank', async () => {
    const ids = await importBank(cloud, makeQuestions(6, '停用测试', '停用'));
    for (const id of ids.slice(0, 3)) expect(expectOk(await cloud.call('quiz', { action: 'retireQuestion', questionId: id }, HEAD))).toEqual({ status: 'retired' });
    expect(expectOk(await cloud.call('quiz', { action: 'retireQuestion', questionId: ids[0] }, HEAD))).toEqual({ status: 'retired' });
    await expect(createQuiz(cloud, { topic: '停用测试', questionCount: 4 })).rejects.toThrow(/FAILED_PRECONDITION/);
    const quizId = await createQuiz(cloud, { topic: '停用测试', questionCount: 3 });
    const s = expectOk<{ questions: Array<{ id: string }> }>(await cloud.call('quiz', { action: 'start', quizId }, LEARNERS[0].openid));
    expect(s.questions.map((q) => q.id).sort()).toEqual(ids.slice(3).sort());

    const page1 = expectOk<{ items: Array<{ id: string; status: string }>; nextCursor: string | null }>(
      await cloud.call('quiz', { action: 'listQuestions', status: 'retired', limit: 2 }, HEAD),
    );
    expect(page1.items).toHaveLength(2);
    const page2 = expectOk<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      await cloud.call('quiz', { action: 'listQuestions', status: 'retired', limit: 2, cursor: page1.nextCursor }, HEAD),
    );
    expect([...page1.items, ...page2.items].map((q) => q.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(page2.nextCursor).toBeNull();
    expect(expectOk(await cloud.call('quiz', { action: 'restoreQuestion', questionId: ids[0] }, HEAD))).toEqual({ status: 'active' });
  });

  test('bankSummary counts active questions per topic for quiz makers', async () => {
    await importBank(cloud, makeQuestions(4, '食品安全', '汇总'));
    const summary = expectOk<{ active: number; topics: Array<{ topic: string; count: number }> }>(
      await cloud.call('quiz', { action: 'bankSummary' }, BRANCH_ADMIN_YUZHONG),
    );
    expect(summary.topics.find((t) => t.topic === '食品安全')?.count).toBe(4);
    const active = await database().collection('questions').where({ status: 'active' }).count();
    expect(summary.active).toBe(active.total);
    expect(errorCode(await cloud.call('quiz', { action: 'bankSummary' }, LEARNERS[0].openid))).toBe('PERMISSION_DENIED');
  });
});
