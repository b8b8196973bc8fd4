import {
  EQUIPMENT_STATUSES,
  RESERVE_MODES,
  SHELTER_GRADES,
  SHELTER_SETTINGS,
  SHELTER_STATUSES,
  TEAM_CAPABILITIES,
  TEAM_KINDS,
  TEAM_STATUSES,
  WAREHOUSE_LEVELS,
} from '@yingji/contracts';
import type { SheetColumn } from './import.rules.js';

/**
 * The columns of the team, warehouse, shelter, equipment and expert sheets. The Excel export writes them and the import
 * reads them back (by header, in Chinese or English), so an exported sheet can be edited and
 * re-imported. `key` is the field of the create body the column fills.
 */

const oneOf = (values: readonly string[], dflt?: string) => ({
  zh: `填写代码之一：${values.join(', ')}${dflt ? `；留空为 ${dflt}` : ''}`,
  en: `One of: ${values.join(', ')}${dflt ? `; empty means ${dflt}` : ''}`,
});
const DIVISION_HINT = {
  zh: '6 位或 9 位行政区划代码（GB/T 2260），须在本单位管辖范围内，如 140321',
  en: '6- or 9-digit division code (GB/T 2260) within your scope, e.g. 140321',
};
const LON_HINT = { zh: '经度，小数度，如 113.58', en: 'Longitude in decimal degrees, e.g. 113.58' };
const LAT_HINT = { zh: '纬度，小数度，如 37.86', en: 'Latitude in decimal degrees, e.g. 37.86' };
const PHONE_HINT = { zh: '数字、空格及 + - ( )', en: 'Digits, spaces and + - ( )' };

interface TeamSheetRow {
  name: string;
  kind: (typeof TEAM_KINDS)[number];
  capabilities: string[];
  headcount: number;
  divisionCode: string;
  location: { lon: number; lat: number };
  status: (typeof TEAM_STATUSES)[number];
  contactName: string | null;
  contactPhone: string | null;
}

export const TEAM_COLUMNS: SheetColumn<TeamSheetRow>[] = [
  { key: 'name', zh: '名称', en: 'Name', width: 32, type: 'text', required: true, value: (r) => r.name },
  { key: 'kind', zh: '类别', en: 'Kind', type: 'text', required: true, hint: oneOf(TEAM_KINDS), value: (r) => r.kind },
  {
    key: 'capabilities',
    zh: '专长',
    en: 'Capabilities',
    width: 30,
    type: 'list',
    hint: {
      zh: `可填多项，以“、”或逗号分隔：${TEAM_CAPABILITIES.join(', ')}`,
      en: `Several allowed, separated by commas: ${TEAM_CAPABILITIES.join(', ')}`,
    },
    value: (r) => r.capabilities.join('、'),
  },
  {
    key: 'headcount',
    zh: '人数',
    en: 'Headcount',
    type: 'number',
    required: true,
    hint: { zh: '0 或正整数', en: 'A whole number, 0 or more' },
    value: (r) => r.headcount,
  },
  {
    key: 'divisionCode',
    zh: '行政区划',
    en: 'Division',
    type: 'text',
    required: true,
    hint: DIVISION_HINT,
    value: (r) => r.divisionCode,
  },
  {
    key: 'location.lon',
    zh: '经度',
    en: 'Lon',
    type: 'number',
    required: true,
    hint: LON_HINT,
    value: (r) => r.location.lon,
  },
  {
    key: 'location.lat',
    zh: '纬度',
    en: 'Lat',
    type: 'number',
    required: true,
    hint: LAT_HINT,
    value: (r) => r.location.lat,
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'text',
    hint: oneOf(TEAM_STATUSES, 'available'),
    value: (r) => r.status,
  },
  { key: 'contactName', zh: '联系人', en: 'Contact', type: 'text', value: (r) => r.contactName },
  { key: 'contactPhone', zh: '电话', en: 'Phone', type: 'text', hint: PHONE_HINT, value: (r) => r.contactPhone },
];

interface WarehouseSheetRow {
  name: string;
  level: (typeof WAREHOUSE_LEVELS)[number];
  divisionCode: string;
  location: { lon: number; lat: number };
  reserveMode: (typeof RESERVE_MODES)[number];
  managerName: string | null;
  managerPhone: string | null;
  capacityM3: number | null;
}

export const WAREHOUSE_COLUMNS: SheetColumn<WarehouseSheetRow>[] = [
  { key: 'name', zh: '名称', en: 'Name', width: 32, type: 'text', required: true, value: (r) => r.name },
  {
    key: 'level',
    zh: '级别',
    en: 'Level',
    type: 'text',
    required: true,
    hint: oneOf(WAREHOUSE_LEVELS),
    value: (r) => r.level,
  },
  {
    key: 'divisionCode',
    zh: '行政区划',
    en: 'Division',
    type: 'text',
    required: true,
    hint: DIVISION_HINT,
    value: (r) => r.divisionCode,
  },
  {
    key: 'location.lon',
    zh: '经度',
    en: 'Lon',
    type: 'number',
    required: true,
    hint: LON_HINT,
    value: (r) => r.location.lon,
  },
  {
    key: 'location.lat',
    zh: '纬度',
    en: 'Lat',
    type: 'number',
    required: true,
    hint: LAT_HINT,
    value: (r) => r.location.lat,
  },
  {
    key: 'reserveMode',
    zh: '储备方式',
    en: 'Reserve mode',
    type: 'text',
    required: true,
    hint: oneOf(RESERVE_MODES),
    value: (r) => r.reserveMode,
  },
  { key: 'managerName', zh: '负责人', en: 'Manager', type: 'text', value: (r) => r.managerName },
  { key: 'managerPhone', zh: '电话', en: 'Phone', type: 'text', hint: PHONE_HINT, value: (r) => r.managerPhone },
  {
    key: 'capacityM3',
    zh: '库容（m³）',
    en: 'Capacity (m³)',
    type: 'number',
    hint: { zh: '立方米，可留空', en: 'Cubic metres, may be empty' },
    value: (r) => r.capacityM3,
  },
];

const DIVISION_COLUMN = {
  key: 'divisionCode',
  zh: '行政区划',
  en: 'Division',
  type: 'text',
  required: true,
  hint: DIVISION_HINT,
} as const;
const LON_COLUMN = {
  key: 'location.lon',
  zh: '经度',
  en: 'Lon',
  type: 'number',
  required: true,
  hint: LON_HINT,
} as const;
const LAT_COLUMN = {
  key: 'location.lat',
  zh: '纬度',
  en: 'Lat',
  type: 'number',
  required: true,
  hint: LAT_HINT,
} as const;

interface Placed {
  divisionCode: string;
  location: { lon: number; lat: number };
}

interface ShelterSheetRow extends Placed {
  name: string;
  setting: (typeof SHELTER_SETTINGS)[number];
  grade: (typeof SHELTER_GRADES)[number];
  effectiveAreaM2: number;
  capacity: number;
  facilities: string[];
  status: (typeof SHELTER_STATUSES)[number];
}

export const SHELTER_COLUMNS: SheetColumn<ShelterSheetRow>[] = [
  { key: 'name', zh: '名称', en: 'Name', width: 32, type: 'text', required: true, value: (r) => r.name },
  {
    key: 'setting',
    zh: '类型',
    en: 'Setting',
    type: 'text',
    required: true,
    hint: oneOf(SHELTER_SETTINGS),
    value: (r) => r.setting,
  },
  {
    key: 'grade',
    zh: '等级',
    en: 'Grade',
    type: 'text',
    required: true,
    hint: oneOf(SHELTER_GRADES),
    value: (r) => r.grade,
  },
  {
    key: 'effectiveAreaM2',
    zh: '有效面积（㎡）',
    en: 'Effective area (m²)',
    width: 18,
    type: 'number',
    required: true,
    hint: { zh: '平方米，大于 0', en: 'Square metres, more than 0' },
    value: (r) => r.effectiveAreaM2,
  },
  {
    key: 'capacity',
    zh: '容纳人数',
    en: 'Capacity',
    type: 'number',
    required: true,
    hint: { zh: '0 或正整数', en: 'A whole number, 0 or more' },
    value: (r) => r.capacity,
  },
  {
    key: 'facilities',
    zh: '设施',
    en: 'Facilities',
    width: 24,
    type: 'list',
    hint: {
      zh: '可填多项，以“、”或逗号分隔，如 供水、供电',
      en: 'Several allowed, separated by commas, e.g. water, power',
    },
    value: (r) => r.facilities.join('、'),
  },
  { ...DIVISION_COLUMN, value: (r) => r.divisionCode },
  { ...LON_COLUMN, value: (r) => r.location.lon },
  { ...LAT_COLUMN, value: (r) => r.location.lat },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'text',
    hint: oneOf(SHELTER_STATUSES, 'available'),
    value: (r) => r.status,
  },
];

interface EquipmentSheetRow extends Placed {
  name: string;
  type: string;
  quantity: number;
  ownerTeamId: string | null;
  maintenanceDueOn: string | null;
  status: (typeof EQUIPMENT_STATUSES)[number];
}

export const EQUIPMENT_COLUMNS: SheetColumn<EquipmentSheetRow>[] = [
  { key: 'name', zh: '名称', en: 'Name', width: 32, type: 'text', required: true, value: (r) => r.name },
  {
    key: 'type',
    zh: '类型',
    en: 'Type',
    type: 'text',
    required: true,
    hint: { zh: '装备类型，如 排涝泵车', en: 'Kind of equipment, e.g. drainage pump truck' },
    value: (r) => r.type,
  },
  {
    key: 'quantity',
    zh: '数量',
    en: 'Quantity',
    type: 'number',
    required: true,
    hint: { zh: '正整数', en: 'A whole number, 1 or more' },
    value: (r) => r.quantity,
  },
  {
    key: 'ownerTeamId',
    zh: '所属队伍ID',
    en: 'Owner team ID',
    width: 38,
    type: 'text',
    hint: {
      zh: '所属救援队伍的 ID（装备导出表中可见），须在管辖范围内，可留空',
      en: 'ID of the owning rescue team (as the equipment export writes it), within your scope; may be empty',
    },
    value: (r) => r.ownerTeamId,
  },
  { ...DIVISION_COLUMN, value: (r) => r.divisionCode },
  { ...LON_COLUMN, value: (r) => r.location.lon },
  { ...LAT_COLUMN, value: (r) => r.location.lat },
  {
    key: 'maintenanceDueOn',
    zh: '下次维护日期',
    en: 'Maintenance due',
    width: 16,
    type: 'text',
    hint: { zh: '日期，格式 2026-05-31，可留空', en: 'A date as 2026-05-31; may be empty' },
    value: (r) => r.maintenanceDueOn,
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'text',
    hint: oneOf(EQUIPMENT_STATUSES, 'ready'),
    value: (r) => r.status,
  },
];

interface ExpertSheetRow extends Placed {
  name: string;
  fields: string[];
  organization: string | null;
  phone: string | null;
  availability: 'available' | 'unavailable';
}

export const EXPERT_COLUMNS: SheetColumn<ExpertSheetRow>[] = [
  { key: 'name', zh: '姓名', en: 'Name', width: 16, type: 'text', required: true, value: (r) => r.name },
  {
    key: 'fields',
    zh: '专业领域',
    en: 'Fields',
    width: 30,
    type: 'list',
    required: true,
    hint: { zh: '至少一项，以“、”或逗号分隔，如 地质灾害、危化品', en: 'At least one, separated by commas' },
    value: (r) => r.fields.join('、'),
  },
  { key: 'organization', zh: '工作单位', en: 'Organization', width: 28, type: 'text', value: (r) => r.organization },
  { key: 'phone', zh: '电话', en: 'Phone', type: 'text', hint: PHONE_HINT, value: (r) => r.phone },
  { ...DIVISION_COLUMN, value: (r) => r.divisionCode },
  { ...LON_COLUMN, value: (r) => r.location.lon },
  { ...LAT_COLUMN, value: (r) => r.location.lat },
  {
    key: 'availability',
    zh: '可用状态',
    en: 'Availability',
    type: 'text',
    hint: oneOf(['available', 'unavailable'], 'available'),
    value: (r) => r.availability,
  },
];
