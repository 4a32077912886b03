import type { StatsScope } from './stats';

/**
 * 表格导出与导入 (the `sheet` function, the only management function carrying the spreadsheet
 * library). Every export is scoped as the list it comes from: the same staff who may see the list
 * (a branch admin: its branch only) may download it. Exports are produced in parts: `exportStart`
 * checks the scope and opens a job, `exportPart` appends a bounded number of rows per call (call
 * it until `done`), `exportFinish` writes the XLSX to cloud storage and answers a temporary link.
 */
export type ExportKind =
  | 'stats_overview'
  | 'stats_breakdown'
  | 'stats_trend'
  | 'learners'
  | 'roster'
  | 'courses'
  | 'volunteer_hours'
  | 'teachers'
  | 'points'
  | 'demo_points'
  | 'checklist'
  | 'resources'
  /** A point's yearly archive (档案记载) figures: `pointId`, `year`. */
  | 'archive';

export interface ExportStartParams {
  kind: ExportKind;
  /** stats_*: the unit level (`stats_breakdown`: city or branch). */
  scope?: StatsScope;
  /** stats_*: the branch or point (not for city). */
  unitId?: string;
  /** learners, courses, volunteer_hours, points, teachers, demo_points, checklist, resources: the unit (a point is more specific than its branch). */
  branchId?: string;
  pointId?: string;
  /** roster: the course. */
  courseId?: string;
  /** stats_*, courses, volunteer_hours, demo_points, checklist: the calendar year. */
  year?: number;
}

export interface ExportStartResult {
  jobId: string;
  /** The sheet's title, e.g. `渝中区分校学员名单`. */
  title: string;
}

export interface ExportJobParams {
  jobId: string;
}

export interface ExportPartResult {
  /** Rows gathered so far. */
  rows: number;
  /** True: call `exportFinish`. */
  done: boolean;
}

export interface ExportFinishResult {
  fileID: string;
  /** A temporary download link (valid for two hours). */
  url: string;
  fileName: string;
  rows: number;
}

/** What a city brings in when it starts: its points and teachers (a branch), its branch admins (the head school). */
export type ImportKind = 'points' | 'teachers' | 'branch_admins';

export interface ImportTemplateParams {
  kind: ImportKind;
}

export interface ImportTemplateResult {
  fileID: string;
  url: string;
  fileName: string;
  /** The template's column headings, in order. */
  headers: string[];
}

export interface ImportFileParams {
  kind: ImportKind;
  /** The XLSX uploaded by the mini-program (`wx.cloud.uploadFile`). */
  fileID: string;
  /** points, teachers: the branch they belong to. */
  branchId?: string;
  /** Continue a large file from this data row (1 = the first row under the headings); default 1. */
  fromRow?: number;
}

export type ImportRowStatus = 'taken' | 'unchanged' | 'refused';

export interface ImportRowReport {
  /** The row number as the spreadsheet shows it (headings are row 1). */
  row: number;
  status: ImportRowStatus;
  /** e.g. `第3行：负责人职务请选择「社区党委副书记」或「教科文卫委员」`. */
  message: string;
  /** The record created or found (a point, teacher or grant). */
  id?: string;
}

export interface ImportFileResult {
  /** Data rows read in this call. */
  total: number;
  taken: number;
  unchanged: number;
  refused: number;
  rows: ImportRowReport[];
  /** Not null: the file has more rows; call again with `fromRow`. */
  nextRow: number | null;
}

export interface SheetApi {
  exportStart: { params: ExportStartParams; result: ExportStartResult };
  exportPart: { params: ExportJobParams; result: ExportPartResult };
  exportFinish: { params: ExportJobParams; result: ExportFinishResult };
  importTemplate: { params: ImportTemplateParams; result: ImportTemplateResult };
  importFile: { params: ImportFileParams; result: ImportFileResult };
}
