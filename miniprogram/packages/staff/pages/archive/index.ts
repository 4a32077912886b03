import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { archive, archiveDocx, PLAN_STATUS_NAMES, type ArchiveView } from '../../../../services/school';
import { exportSheet, openSheet } from '../../../../services/sheet';
import { messageOf } from '../../../../services/transport';
import { loadInto } from '../../../../utils/load-state';
import { shanghaiYear } from '../../../../utils/time';
import { topicLabel } from '../../../../utils/topics';
import { chosen, openSchoolPage, pointYearData, pointYearPick } from '../../point-pick';
import { dateText } from '../../school-figures';

const CHECK_NAMES: Record<string, string> = { missing: '未提交', submitted: '待审核', approved: '已通过', needs_work: '需完善', rejected: '不通过' };

interface Section {
  title: string;
  lines: string[];
}

function sections(a: ArchiveView): Section[] {
  const p = a.point;
  const count = (list: Array<{ label: string; count: number }>) => list.filter((x) => x.count > 0).map((x) => `${x.label} ${x.count} 人`).join('，') || '暂无';
  return [
    {
      title: '基本情况',
      lines: [`所属分校：${p.branchName}`, `地址：${p.address}`, `负责人：${p.leaderName}（${p.leaderTitle}）`, p.isDemo ? `示范教学点：${p.demoTitle ?? '是'}` : '普通教学点'],
    },
    {
      title: '教学计划与开课',
      lines: [
        `教学计划：${PLAN_STATUS_NAMES[a.plan.status]}`,
        `计划开课 ${a.plan.planned} 次，实际开课 ${a.plan.held} 次，出勤 ${a.attendance} 人次`,
        ...a.plan.months.filter((m) => m.planned || m.held).map((m) => `${m.month}月：计划 ${m.planned} 次，开课 ${m.held} 次`),
      ],
    },
    { title: `开课记录（${a.courses.length}次）`, lines: a.courses.map((c) => `${dateText(c.startsAt)} ${c.title}（${topicLabel(c.topic)}，出勤 ${c.attendance} 人）`) },
    { title: `学员（${a.learners.total}人）`, lines: [`性别：${count(a.learners.byGender)}`, `年龄：${count(a.learners.byAge)}`, `职业：${count(a.learners.byOccupation)}`] },
    {
      title: '志愿服务与竞答',
      lines: [
        ...a.volunteers.teams.map((t) => `${t.name}：${t.memberCount} 名队员`),
        `志愿服务活动 ${a.volunteers.activities} 次，服务时长 ${a.volunteers.approvedHours} 小时`,
        `科普竞答参与 ${a.quiz.participations} 人次`,
      ],
    },
    { title: `四化八有（已通过 ${a.checklist.complete} / ${a.checklist.total} 项）`, lines: a.checklist.items.map((i) => `${i.label}：${CHECK_NAMES[i.status] ?? ''}${i.evidenceCount ? `，照片 ${i.evidenceCount} 张` : ''}`) },
    { title: `经费台账（合计 ${a.funding.total} 元）`, lines: a.funding.items.map((f) => `${f.date} ${f.purpose}：${f.amount} 元`) },
    { title: '示范教学点记录', lines: a.demo.history.map((h) => `${dateText(h.at)} ${h.title ?? ''}${h.reason ? ` ${h.reason}` : ''}`) },
  ].map((s) => ({ ...s, lines: s.lines.length ? s.lines : ['暂无记录'] }));
}

// A point's yearly archive (档案记载): plan and courses, learners, volunteers, 四化八有, funding; downloaded as a Word document.
Component({
  behaviors: [elderMode, pointYearPick],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    ...pointYearData(),
    title: '',
    sections: [] as Section[],
    busy: false,
    downloadError: '',
    notice: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const now = shanghaiYear();
      this.setData({ years: [now, now - 1, now - 2] });
      await openSchoolPage(this, query.pointId);
    },
    async load() {
      await loadInto(
        this,
        () => {
          const { pointId, year } = chosen(this.data);
          return archive(pointId, year);
        },
        (a) => ({ title: `${a.point.name} ${a.year}年档案`, sections: sections(a), status: 'ready' }),
        { reset: { downloadError: '' } },
      );
    },
    async onDownload() {
      if (this.data.busy) return;
      this.setData({ busy: true, downloadError: '', notice: '' });
      try {
        const { pointId, year } = chosen(this.data);
        const { url } = await archiveDocx(pointId, year);
        const filePath = await new Promise<string>((resolve, reject) => {
          wx.downloadFile({
            url,
            success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error('download'))),
            fail: () => reject(new Error('download')),
          });
        });
        await new Promise<void>((resolve, reject) => {
          wx.openDocument({ filePath, fileType: 'docx', showMenu: true, success: () => resolve(), fail: () => reject(new Error('open')) });
        });
        this.setData({ notice: '档案已打开，可点右上角转发或保存' });
      } catch (error) {
        this.setData({ downloadError: error instanceof Error && (error.message === 'download' || error.message === 'open') ? '档案文件没有打开，请检查网络后再试' : messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The same figures as a spreadsheet (for the branch's own tallies). */
    async onDownloadSheet() {
      if (this.data.busy) return;
      this.setData({ busy: true, downloadError: '', notice: '' });
      try {
        const { pointId, year } = chosen(this.data);
        const { url } = await exportSheet({ kind: 'archive', pointId, year });
        await openSheet(url);
        this.setData({ notice: '表格已打开，可点右上角转发或保存' });
      } catch (error) {
        this.setData({ downloadError: error instanceof Error && (error.message === 'download' || error.message === 'open') ? '表格文件没有打开，请检查网络后再试' : messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
