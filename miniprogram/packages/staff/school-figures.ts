import type { PointFigures } from '../../services/school';
import { shanghaiDate, shanghaiYear } from '../../utils/time';

/** A point's figures as lines a reviewer reads (the ones an application carries). */
export function figureLines(f: PointFigures): string[] {
  return [
    `${f.year}年已开课 ${f.held} 次`,
    `学员出勤 ${f.attendance} 人次`,
    `四化八有已通过 ${f.checklistApproved} / ${f.checklistTotal} 项`,
    `志愿服务活动 ${f.volunteerActivities} 次，服务时长 ${f.volunteerHours} 小时`,
    `参加科普竞答 ${f.quizParticipations} 人次`,
  ];
}

/** `2026-10-31T23:59:59+08:00` → `2026年10月31日`. */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

/** The year whose demonstration-point applications are open: this year until 31 October, then the next. */
export function demoRoundYear(): number {
  const year = shanghaiYear();
  return shanghaiDate() > `${year}-10-31` ? year + 1 : year;
}
