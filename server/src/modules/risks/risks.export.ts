import ExcelJS from 'exceljs';
import type { MajorHazardSource, RiskListName, RiskPoint, VulnerableTarget } from '@yingji/contracts';
import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import type { XlsxColumn } from '../../platform/xlsx.js';
import { listMajorHazardSources, listRiskPoints, listVulnerableTargets } from './risks.service.js';

/** Every list is at most this long (the three lists of a city are a few thousand rows). */
export const LIST_LIMIT = 10_000;

const LEVEL_ZH = { major: '重大风险', larger: '较大风险', general: '一般风险', low: '低风险' } as const;
const COLOR_ZH = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' } as const;
const CONTROL_ZH = { company: '公司级', workshop: '车间级', team: '班组级', post: '岗位级' } as const;
const GRADE_ZH = ['', '一级', '二级', '三级', '四级'];
const KIND_ZH = {
  school: '学校',
  kindergarten: '幼儿园',
  hospital: '医院',
  elderly_home: '养老机构',
  crowded_place: '人员密集场所',
  residential: '居民区',
  other: '其他',
} as const;

export type ListFilter = { divisionCode?: string | undefined; orgId?: string | undefined };

/** 较大以上安全风险清单: risk points graded major or larger. */
export function riskList(deps: Deps, ctx: RequestContext, f: ListFilter) {
  return listRiskPoints(deps, ctx, { ...f, levels: ['major', 'larger'], page: 1, pageSize: LIST_LIMIT });
}
export function sourceList(deps: Deps, ctx: RequestContext, f: ListFilter) {
  return listMajorHazardSources(deps, ctx, { ...f, page: 1, pageSize: LIST_LIMIT });
}
export function targetList(deps: Deps, ctx: RequestContext, f: ListFilter) {
  return listVulnerableTargets(deps, ctx, {
    divisionCode: f.divisionCode,
    radius: 2000,
    page: 1,
    pageSize: LIST_LIMIT,
  });
}

const riskColumns: XlsxColumn<RiskPoint>[] = [
  { header: '风险点名称', width: 28, value: (r) => r.name },
  { header: '所属单位', width: 28, value: (r) => r.orgName },
  { header: '行政区划', width: 12, value: (r) => r.divisionName ?? r.divisionCode },
  { header: '行业领域', width: 14, value: (r) => r.type },
  { header: '可能导致的事故类型', width: 24, value: (r) => r.possibleHarms.join('、') },
  { header: '评价方法', width: 10, value: (r) => (r.method === 'LEC' ? 'LEC' : '风险矩阵') },
  { header: '风险值', width: 10, value: (r) => r.score },
  { header: '风险等级', width: 12, value: (r) => LEVEL_ZH[r.level] },
  { header: '颜色', width: 8, value: (r) => COLOR_ZH[r.color] },
  { header: '管控层级', width: 10, value: (r) => CONTROL_ZH[r.controlLevel] },
  { header: '责任人', width: 12, value: (r) => r.responsiblePerson },
  {
    header: '管控措施',
    width: 40,
    value: (r) =>
      [
        ['工程技术', r.controlMeasures.engineering],
        ['管理', r.controlMeasures.management],
        ['培训教育', r.controlMeasures.training],
        ['个体防护', r.controlMeasures.ppe],
        ['应急处置', r.controlMeasures.emergency],
      ]
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}：${v}`)
        .join('；'),
  },
  { header: '评估时间', width: 20, value: (r) => r.assessedAt.slice(0, 10) },
];

const sourceColumns: XlsxColumn<MajorHazardSource>[] = [
  { header: '重大危险源名称', width: 28, value: (s) => s.name },
  { header: '所属单位', width: 28, value: (s) => s.orgName },
  { header: '行政区划', width: 12, value: (s) => s.divisionName ?? s.divisionCode },
  { header: '级别', width: 8, value: (s) => GRADE_ZH[s.grade] ?? String(s.grade) },
  {
    header: '危险物质（实际量/临界量，吨）',
    width: 40,
    value: (s) => s.substances.map((x) => `${x.name} ${x.quantityTonnes}/${x.thresholdTonnes}`).join('；'),
  },
  { header: 'Σq/Q', width: 8, value: (s) => s.ratio },
  { header: '影响半径（米）', width: 12, value: (s) => s.radiusMeters },
  { header: '监测设备', width: 24, value: (s) => s.sensorCodes.join('、') },
  {
    header: '责任人',
    width: 30,
    value: (s) =>
      s.responsiblePersons
        .map(
          (p) =>
            `${{ principal: '主要负责人', technical: '技术负责人', operational: '操作负责人' }[p.role]} ${p.name}${p.phone ? ` ${p.phone}` : ''}`,
        )
        .join('；'),
  },
  { header: '经度', width: 10, value: (s) => s.location.lon },
  { header: '纬度', width: 10, value: (s) => s.location.lat },
];

const targetColumns: XlsxColumn<VulnerableTarget>[] = [
  { header: '目标名称', width: 28, value: (t) => t.name },
  { header: '类型', width: 12, value: (t) => KIND_ZH[t.kind] },
  { header: '行政区划', width: 12, value: (t) => t.divisionName ?? t.divisionCode },
  { header: '地址', width: 28, value: (t) => t.address },
  { header: '人数', width: 8, value: (t) => t.population },
  { header: '联系人', width: 10, value: (t) => t.contact },
  { header: '电话', width: 14, value: (t) => t.phone },
  {
    header: '周边 2 公里内较大以上风险和重大危险源（距离，米）',
    width: 50,
    value: (t) => t.nearby.map((n) => `${n.name}（${n.orgName}）${n.distanceMeters}`).join('；'),
  },
];

function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: XlsxColumn<T>[], rows: readonly T[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(r)])));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export const SHEET_NAMES: Record<RiskListName, string> = {
  risks: '较大以上安全风险清单',
  'major-hazard-sources': '重大危险源清单',
  'vulnerable-targets': '脆弱性目标清单',
};

/** The three lists (三张清单) as one workbook, one sheet per list asked for. */
export async function exportRiskLists(
  deps: Deps,
  ctx: RequestContext,
  f: ListFilter & { list: RiskListName | 'all' },
): Promise<{ filename: string; data: Buffer }> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yingji';
  const want = (l: RiskListName) => f.list === 'all' || f.list === l;
  if (want('risks')) addSheet(wb, SHEET_NAMES.risks, riskColumns, (await riskList(deps, ctx, f)).items);
  if (want('major-hazard-sources'))
    addSheet(wb, SHEET_NAMES['major-hazard-sources'], sourceColumns, (await sourceList(deps, ctx, f)).items);
  if (want('vulnerable-targets'))
    addSheet(wb, SHEET_NAMES['vulnerable-targets'], targetColumns, (await targetList(deps, ctx, f)).items);
  const name = f.list === 'all' ? '三张清单' : SHEET_NAMES[f.list];
  return { filename: `${name}.xlsx`, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}
