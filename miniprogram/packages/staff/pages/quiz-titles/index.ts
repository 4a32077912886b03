import { elderMode } from '../../../../behaviors/elder-mode';
import type { ViewStatus } from '../../../../components/state-view/type';
import { listBranches } from '../../../../services/org';
import { staffTitles, type TitleHolder } from '../../../../services/quiz';
import { messageOf } from '../../../../services/transport';
import { me } from '../../../../services/user';
import { loadInto, loadMoreWith } from '../../../../utils/load-state';
import { scopePick } from '../../scope-drill';
import { NO_SCOPE_MESSAGE, recentYears, scopesOf, unitScope, type StaffScope } from '../../scopes';

interface HolderRow {
  key: string;
  name: string;
  unit: string;
  detail: string;
}

/** "2026-03-10T10:00:00+08:00" -> "3月10日". */
function dayText(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : iso;
}

function toRow(h: TitleHolder, i: number): HolderRow {
  return {
    key: `${i}-${h.awardedAt}`,
    name: h.name || h.displayName,
    unit: h.pointName || '（未报名教学点）',
    detail: `${dayText(h.awardedAt)}获得 · 达标竞答 ${h.qualifiedQuizzes} 场`,
  };
}

// Staff: the year's 科学达人 of a point, a branch, or (head admin) the whole city, with enrolled names.
Component({
  behaviors: [elderMode, scopePick],
  data: {
    status: 'loading' as ViewStatus,
    errorText: '',
    scopes: [] as StaffScope[],
    scope: null as StaffScope | null,
    branches: [] as { id: string; name: string }[],
    years: [] as number[],
    yearIndex: 0,
    rows: [] as HolderRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad() {
      this.setData({ years: recentYears() });
      this.start();
    },

    async start() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        const who = await me();
        const scopes = scopesOf(who.roles);
        if (!scopes.length) {
          this.setData({ status: 'error', errorText: NO_SCOPE_MESSAGE });
          return;
        }
        this.setData({ scopes, scope: scopes[0] });
        if (scopes[0].level === 'city') {
          const { items } = await listBranches();
          this.setData({ branches: items.map((b) => ({ id: b.id, name: b.name })) });
        }
        await this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: messageOf(err) });
      }
    },

    params(cursor?: string) {
      const s = this.data.scope!;
      return {
        ...(s.level === 'branch' ? { branchId: s.unitId } : s.level === 'point' ? { pointId: s.unitId } : {}),
        year: this.data.years[this.data.yearIndex],
        ...(cursor ? { cursor } : {}),
      };
    },

    async load() {
      if (!this.data.scope) return this.start();
      return loadInto(
        this,
        () => staffTitles(this.params()),
        (page) => ({ rows: page.items.map(toRow), nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty' }),
        { reset: { moreError: '' } },
      );
    },

    onMore() {
      return loadMoreWith(
        this,
        (cursor) => staffTitles(this.params(cursor)),
        (items) => {
          const offset = this.data.rows.length;
          return { rows: this.data.rows.concat(items.map((h, i) => toRow(h, offset + i))) };
        },
        { inlineError: true },
      );
    },

    onRetry() {
      this.load();
    },

    /** Head admin: one branch out of the 41. */
    onBranch(e: WechatMiniprogram.PickerChange) {
      const b = this.data.branches[Number(e.detail.value)];
      if (!b) return;
      this.setData({ scope: unitScope(b.id, b.name) });
      this.load();
    },

    onYear(e: WechatMiniprogram.PickerChange) {
      this.setData({ yearIndex: Number(e.detail.value) });
      this.load();
    },
  },
});
