import { genderLabel, listLearners, occupationLabel } from '../../../../services/user';

type LearnerItem = Awaited<ReturnType<typeof listLearners>>['items'][number];

/** One line of the roster as the page shows it. */
export interface LearnerRow {
  openid: string;
  name: string;
  detail: string;
  phone: string;
  /** Only a full number (as the server returned it) can be called. */
  canCall: boolean;
  enrolledText: string;
}

/** `2026-03-10T10:00:00+08:00` → `2026年3月10日` (the date as written, Beijing time). */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

export function learnerRow(l: LearnerItem, currentYear: number): LearnerRow {
  const age = currentYear - l.birthYear;
  return {
    openid: l.openid,
    name: l.name,
    detail: `${genderLabel(l.gender)} · ${age > 0 ? `${age}岁` : `${l.birthYear}年生`} · ${occupationLabel(l.occupation)}`,
    phone: l.phone,
    canCall: !l.phoneMasked && /^1\d{10}$/.test(l.phone),
    enrolledText: dateText(l.enrolledAt),
  };
}
