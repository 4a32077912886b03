import type { Occupation } from './user';
import type { KeyDay } from './volunteer';

/**
 * Figures for the three levels: the head school sees the city and each branch, a branch its points,
 * a point itself. Learners are those enrolled now; everything else counts within a calendar year
 * (Asia/Shanghai). Served from maintained counters (`statCounters`, moved by atomic increments where
 * the events happen), never by reading every record.
 */
export type StatsScope = 'city' | 'branch' | 'point';

export type AgeBand = '<60' | '60-69' | '70-79' | '80+';

export interface OverviewParams {
  scope: StatsScope;
  /** The branch or point id (not for `city`). */
  unitId?: string;
  year: number;
}

export interface LearnerFigures {
  total: number;
  male: number;
  female: number;
  /** Age = `year − birthYear`. */
  byAgeBand: Record<AgeBand, number>;
  byOccupation: Record<Occupation, number>;
}

export interface Overview {
  learners: LearnerFigures;
  /** Held: not cancelled, started, at least one check-in; counted in the year of its start. Attendances: check-ins of held courses. */
  courses: { held: number; attendances: number };
  /** registered: volunteers now (city: every registered volunteer; a branch or point: approved members of its teams, each person once). approvedHours: of records of the year's activities. */
  volunteers: { registered: number; approvedHours: number };
  /** attempts: quiz attempts submitted in the year by people of the unit; participants: distinct people among them. */
  quizzes: { participants: number; attempts: number };
}

export interface BreakdownParams {
  /** city: one row per branch; branch: one row per point. */
  scope: 'city' | 'branch';
  unitId?: string;
  year: number;
}

export interface BreakdownRow {
  unitId: string;
  unitName: string;
  learners: number;
  coursesHeld: number;
  attendances: number;
  approvedHours: number;
  quizAttempts: number;
}

export interface BreakdownResult {
  rows: BreakdownRow[];
}

export interface TrendParams {
  scope: StatsScope;
  unitId?: string;
  /** The last year of the series (five years up to it). */
  year: number;
}

export interface TrendResult {
  years: Array<{ year: number; coursesHeld: number; attendances: number; approvedHours: number; quizAttempts: number }>;
}

export interface RecountParams {
  /** A point or a branch: its counters, and those above it by the same difference. */
  scope: 'point' | 'branch';
  unitId: string;
  year: number;
  /** Start over, dropping a recount left unfinished. */
  restart?: boolean;
}

export interface RecountResult {
  /** False: call again (each call reads a bounded number of records). */
  done: boolean;
  phase: 'learners' | 'courses' | 'hours' | 'done';
  /** When done: the counter fields that were wrong, and their repaired values. */
  changes: Array<{ field: string; before: number; after: number }>;
}

export type NationalParams = OverviewParams;

/** A count of activities and the people who took part in them. */
export interface SessionFigures {
  sessions: number;
  participants: number;
}

/**
 * The figures of the national science-popularisation statistics (全国科普统计) for a unit and a
 * calendar year (Asia/Shanghai). Whole numbers.
 */
export interface NationalFigures {
  /** 科普人员. */
  staff: {
    /**
     * 科普讲师: distinct teachers of the unit's pool (the city: every branch's; a branch or a point:
     * its branch's) holding an appointment letter valid for part of the year (issued before its
     * end, valid until on or after its start, not revoked before its start).
     */
    lecturers: number;
    /** 科普志愿者: registered volunteers as `overview` counts them. */
    volunteers: number;
    /** lecturers + volunteers. */
    total: number;
  };
  /** 科普讲座: courses held in the year and their attendances (as `overview.courses`). */
  lectures: SessionFigures;
  /**
   * 科普竞赛: quizzes open to the unit's people (the city: every quiz; a branch or a point: the
   * city-wide ones and its branch's) that closed in the year, not cancelled; participants: people
   * of the unit with a result in them (per quiz).
   */
  contests: SessionFigures;
  /**
   * 科普志愿活动: volunteer activities of the unit's teams (the city: every team) that started in the
   * year, not cancelled; participants: their signups.
   */
  volunteerActivities: SessionFigures;
  /** 重大科普活动: per key day, courses and volunteer activities of the unit marked with it that started in the year, not cancelled. */
  keyDays: Record<KeyDay, number>;
}

export interface StatsApi {
  overview: { params: OverviewParams; result: Overview };
  breakdown: { params: BreakdownParams; result: BreakdownResult };
  trend: { params: TrendParams; result: TrendResult };
  recount: { params: RecountParams; result: RecountResult };
  national: { params: NationalParams; result: NationalFigures };
}
