import type { SheetApi } from '../../typings/sheet';
import { createFunction } from '../_shared/handler';
import { exportFinish, exportPart, exportStart } from './exports';
import { importFile, importTemplate } from './imports';

/** 表格: XLSX exports of every statistics view and staff list (scoped as the list), and the imports that onboard a city. */
export const main = createFunction<SheetApi>('sheet', { exportStart, exportPart, exportFinish, importTemplate, importFile });
