import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { registryQuery, stockQuery, teamQuery, warehouseQuery } from '@yingji/contracts';
import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { allPages, toXlsx, type XlsxColumn } from '../../platform/xlsx.js';
import type { SheetColumn } from './import.rules.js';
import { equipmentRegistry, expertRegistry, shelterRegistry } from './registries.service.js';
import { listStock, listTeams, listWarehouses } from './resources.service.js';
import {
  EQUIPMENT_COLUMNS,
  EXPERT_COLUMNS,
  SHELTER_COLUMNS,
  TEAM_COLUMNS,
  WAREHOUSE_COLUMNS,
} from './resources.sheets.js';

const zh = (ctx: RequestContext, z: string, e: string) => (ctx.locale === 'en-US' ? e : z);

/** The export columns of a sheet the import reads back, headed in the request's language. */
function sheetColumns<T>(ctx: RequestContext, columns: SheetColumn<T>[]): XlsxColumn<T>[] {
  return columns.map((c) => ({ header: zh(ctx, c.zh, c.en), width: c.width, value: c.value }));
}

/** An export takes the list's filters (without paging): what staff see filtered is what they download. */
type Filters<Q extends z.ZodType> = Omit<z.infer<Q>, 'page' | 'pageSize'>;

export async function exportTeams(deps: Deps, ctx: RequestContext, filters: Filters<typeof teamQuery>) {
  const rows = await allPages((page) => listTeams(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(zh(ctx, '救援队伍', 'Teams'), sheetColumns(ctx, TEAM_COLUMNS), rows);
}

export async function exportWarehouses(deps: Deps, ctx: RequestContext, filters: Filters<typeof warehouseQuery>) {
  const rows = await allPages((page) => listWarehouses(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(zh(ctx, '储备库', 'Warehouses'), sheetColumns(ctx, WAREHOUSE_COLUMNS), rows);
}

/**
 * An import template: the export's header row and nothing else on the first sheet, and a
 * second sheet saying what each column takes. The import reads only the first sheet.
 */
async function importTemplate<T>(ctx: RequestContext, name: string, columns: SheetColumn<T>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yingji';
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c, i) => ({ header: zh(ctx, c.zh, c.en), key: `c${i}`, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = wb.addWorksheet(zh(ctx, '填写说明', 'Notes'));
  notes.columns = [
    { header: zh(ctx, '列', 'Column'), key: 'column', width: 16 },
    { header: zh(ctx, '必填', 'Required'), key: 'required', width: 8 },
    { header: zh(ctx, '填写要求', 'What to enter'), key: 'hint', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) {
    notes.addRow({
      column: zh(ctx, c.zh, c.en),
      required: c.required ? zh(ctx, '是', 'yes') : '',
      hint: c.hint ? zh(ctx, c.hint.zh, c.hint.en) : '',
    });
  }
  notes.addRow({});
  notes.addRow({
    column: zh(ctx, '说明', 'Note'),
    hint: zh(
      ctx,
      '从第 2 行起每行一条记录；任一行有误则整表不导入，并按行号列出问题。一次至多 1000 行，文件不超过 5 MB。',
      'One record per row from row 2; if any row is wrong nothing is imported and the problems are listed by row. At most 1000 rows and 5 MB per file.',
    ),
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const teamImportTemplate = (ctx: RequestContext) =>
  importTemplate(ctx, zh(ctx, '救援队伍', 'Teams'), TEAM_COLUMNS);
export const warehouseImportTemplate = (ctx: RequestContext) =>
  importTemplate(ctx, zh(ctx, '储备库', 'Warehouses'), WAREHOUSE_COLUMNS);
export const shelterImportTemplate = (ctx: RequestContext) =>
  importTemplate(ctx, zh(ctx, '应急避难场所', 'Shelters'), SHELTER_COLUMNS);
export const equipmentImportTemplate = (ctx: RequestContext) =>
  importTemplate(ctx, zh(ctx, '装备', 'Equipment'), EQUIPMENT_COLUMNS);
export const expertImportTemplate = (ctx: RequestContext) =>
  importTemplate(ctx, zh(ctx, '专家', 'Experts'), EXPERT_COLUMNS);

export async function exportStock(deps: Deps, ctx: RequestContext, filters: Filters<typeof stockQuery>) {
  const rows = await allPages((page) => listStock(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(
    zh(ctx, '库存', 'Stock'),
    [
      { header: zh(ctx, '储备库', 'Warehouse'), width: 30, value: (r) => r.warehouseName },
      { header: zh(ctx, '行政区划', 'Division'), value: (r) => r.divisionCode },
      { header: zh(ctx, '物资编码', 'Item code'), value: (r) => r.itemCode },
      { header: zh(ctx, '物资名称', 'Item'), width: 20, value: (r) => r.itemName },
      { header: zh(ctx, '批次', 'Batch'), value: (r) => r.batch },
      { header: zh(ctx, '有效期至', 'Expires'), value: (r) => r.expiresOn?.slice(0, 10) ?? '' },
      { header: zh(ctx, '数量', 'Quantity'), value: (r) => r.quantity },
      { header: zh(ctx, '单位', 'Unit'), value: (r) => r.unit },
    ],
    rows,
  );
}

export async function exportShelters(deps: Deps, ctx: RequestContext, filters: Filters<typeof registryQuery>) {
  const rows = await allPages((page) => shelterRegistry.list(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(zh(ctx, '应急避难场所', 'Shelters'), sheetColumns(ctx, SHELTER_COLUMNS), rows);
}

export async function exportEquipment(deps: Deps, ctx: RequestContext, filters: Filters<typeof registryQuery>) {
  const rows = await allPages((page) => equipmentRegistry.list(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(zh(ctx, '装备', 'Equipment'), sheetColumns(ctx, EQUIPMENT_COLUMNS), rows);
}

export async function exportExperts(deps: Deps, ctx: RequestContext, filters: Filters<typeof registryQuery>) {
  const rows = await allPages((page) => expertRegistry.list(deps, ctx, { ...filters, page, pageSize: 200 }));
  return toXlsx(zh(ctx, '专家', 'Experts'), sheetColumns(ctx, EXPERT_COLUMNS), rows);
}
