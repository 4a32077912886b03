import { elderMode } from '../../../../behaviors/elder-mode';
import { importQuestionsFile } from '../../../../services/quiz';
import { messageOf } from '../../../../services/transport';

interface RejectRow {
  key: string;
  text: string;
}

/** Files the function accepts in one call (base64 grows the size by a third). */
const MAX_FILE_BYTES = 1_000_000;

function readBase64(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: (res) => resolve(res.data as string),
      fail: () => reject(new Error('read failed')),
    });
  });
}

// Head admin: import a CSV/XLSX question sheet chosen from a WeChat chat, with a row-by-row report.
Component({
  behaviors: [elderMode],
  data: {
    busy: false,
    fileName: '',
    done: false,
    summary: '',
    rejected: [] as RejectRow[],
    errorText: '',
  },
  methods: {
    onChoose() {
      if (this.data.busy) return;
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['csv', 'xlsx'],
        success: (res) => {
          const file = res.tempFiles[0];
          if (file) this.upload(file.name, file.path, file.size);
        },
      });
    },

    async upload(name: string, path: string, size: number) {
      if (!/\.(csv|xlsx)$/i.test(name)) {
        this.setData({ errorText: '只支持 .csv 或 .xlsx 文件', done: false });
        return;
      }
      if (size > MAX_FILE_BYTES) {
        this.setData({ errorText: '文件太大：请分成几个文件导入（每个不超过 500 道题）', done: false });
        return;
      }
      this.setData({ busy: true, fileName: name, errorText: '', done: false, rejected: [] });
      try {
        const content = await readBase64(path);
        const r = await importQuestionsFile(name, content);
        this.setData({
          done: true,
          summary: `共读取 ${r.rows} 行：成功导入 ${r.imported} 道，未导入 ${r.rejected.length} 行`,
          rejected: r.rejected.map((x) => ({ key: `${x.index}`, text: `第 ${x.row ?? x.index + 1} 行：${x.reason}` })),
        });
      } catch (err) {
        this.setData({ errorText: err instanceof Error && err.message === 'read failed' ? '文件读取失败，请重新选择' : messageOf(err) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
