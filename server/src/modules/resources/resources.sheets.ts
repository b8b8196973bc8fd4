import { RESERVE_MODES, TEAM_CAPABILITIES, TEAM_KINDS, TEAM_STATUSES, WAREHOUSE_LEVELS } from '@yingji/contracts';
import type { SheetColumn } from './import.rules.js';

/**
 * The columns of the team and warehouse sheets. The Excel export writes them and the import
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
