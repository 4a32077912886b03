/**
 * The units a staff member may look at in the statistics pages, from `me().roles`: the city for a
 * head admin, then each branch and point they administer. Team leaders have no unit-wide view.
 */
import type { ViewStatus } from '../../components/state-view/type';
import { messageOf } from '../../services/transport';
import { me, type MeRole } from '../../services/user';
import { shanghaiYear } from '../../utils/time';

export interface StaffScope {
  key: string;
  label: string;
  level: 'city' | 'branch' | 'point';
  /** The branch (`br_…`) or point (`pt_…`) id; '' for the city. */
  unitId: string;
}

export const CITY_SCOPE: StaffScope = { key: 'city', label: '全市', level: 'city', unitId: '' };

export function scopesOf(roles: MeRole[]): StaffScope[] {
  const out: StaffScope[] = [];
  if (roles.some((r) => r.role === 'head_admin')) out.push(CITY_SCOPE);
  for (const r of roles) {
    if (!r.scopeId || out.some((s) => s.unitId === r.scopeId)) continue;
    if (r.role === 'branch_admin') out.push({ key: r.scopeId, label: r.scopeName || '本分校', level: 'branch', unitId: r.scopeId });
    if (r.role === 'point_admin') out.push({ key: r.scopeId, label: r.scopeName || '本教学点', level: 'point', unitId: r.scopeId });
  }
  return out;
}

/** The scope of a unit id met while drilling down (a row of a report). */
export function unitScope(unitId: string, label: string): StaffScope {
  return { key: unitId, label, level: unitId.indexOf('pt_') === 0 ? 'point' : 'branch', unitId };
}

/** This year and the three before, newest first (Asia/Shanghai). */
export function recentYears(): number[] {
  const now = shanghaiYear();
  return [now, now - 1, now - 2, now - 3];
}

export const NO_SCOPE_MESSAGE = '只有总校、分校或教学点管理员可以查看这里的统计';

interface ScopeHost {
  setData(data: { status?: ViewStatus; errorText?: string; scopes?: StaffScope[]; scope?: StaffScope; trail?: StaffScope[] }): void;
  load(): unknown;
}

/**
 * Opens a statistics page on the first of the caller's scopes (those `only` keeps), with `extra` set
 * alongside, then runs its `load()`; without any scope the page shows `none`.
 */
export async function startOnScopes(page: ScopeHost, options: { only?: (s: StaffScope) => boolean; none?: string; extra?: { trail: StaffScope[] } } = {}): Promise<void> {
  page.setData({ status: 'loading', errorText: '' });
  try {
    const all = scopesOf((await me()).roles);
    const scopes = options.only ? all.filter(options.only) : all;
    if (!scopes.length) {
      page.setData({ status: 'error', errorText: options.none ?? NO_SCOPE_MESSAGE });
      return;
    }
    page.setData({ scopes, scope: scopes[0], ...options.extra });
    await page.load();
  } catch (err) {
    page.setData({ status: 'error', errorText: messageOf(err) });
  }
}
