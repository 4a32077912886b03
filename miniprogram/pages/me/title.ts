import { shortTime, type MyTitleResult } from '../../services/quiz';

/** The 科学达人 card of 我的, as shown. */
export interface TitleView {
  earned: boolean;
  headline: string;
  detail: string;
}

export function titleView(t: MyTitleResult): TitleView {
  if (t.earned) {
    return {
      earned: true,
      headline: `您是 ${t.year} 年度「科学达人」`,
      detail: `${t.awardedAt ? `${shortTime(t.awardedAt).split(' ')[0]}获得，` : ''}今年已有 ${t.qualifiedQuizzes} 场竞答达到 ${t.bar.minScore} 分`,
    };
  }
  const left = Math.max(0, t.bar.minQuizzes - t.qualifiedQuizzes);
  return {
    earned: false,
    headline: `${t.year} 年已有 ${t.qualifiedQuizzes} 场竞答达到 ${t.bar.minScore} 分`,
    detail: `再有 ${left} 场竞答达到 ${t.bar.minScore} 分，就能获得「科学达人」称号`,
  };
}
