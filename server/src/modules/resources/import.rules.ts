/**
 * Excel import (批量导入): how the cells of a sheet become the body of a create call, and how
 * what is wrong with a row is told to the user. Pure: the workbook is read in resources.import.ts.
 */
import type { Locale } from '@yingji/contracts';

export type CellKind = 'text' | 'number' | 'list';

/** One column of an exported / imported sheet. */
export interface SheetColumn<T> {
  /** The field of the create body the column fills, dotted for nested fields (`location.lon`). */
  key: string;
  zh: string;
  en: string;
  width?: number;
  type: CellKind;
  /** The header must be present for an import (the create body needs the field). */
  required?: boolean;
  /** What to write in the column, for the template's notes sheet. */
  hint?: { zh: string; en: string };
  value: (row: T) => string | number | null;
}

export type PlainCell = string | number | boolean | Date | null;

/** A cell value as exceljs reads it (rich text, formula, hyperlink, error …) reduced to a plain value. */
export function plainCell(v: unknown): PlainCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    return o.richText
      .map((p: unknown) => (typeof p === 'object' && p !== null ? String((p as { text?: unknown }).text ?? '') : ''))
      .join('');
  }
  if ('formula' in o || 'sharedFormula' in o) return plainCell(o.result);
  if ('text' in o) return plainCell(o.text);
  if ('error' in o) return String(o.error);
  return null;
}

/** Header text compared loosely: width, case, spaces and brackets do not matter (`库容（m³）` = `库容(m3)`). */
export function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]_-]/g, '');
}

export interface HeaderMatch<T> {
  /** Column number → the column it holds. */
  byColumn: Map<number, SheetColumn<T>>;
  /** Field key → the header as written in the sheet. */
  headerOf: Map<string, string>;
  /** Required columns the sheet lacks. */
  missing: SheetColumn<T>[];
}

/** Finds the known columns in a header row (Chinese, English or the field name); unknown headers are ignored. */
export function matchHeader<T>(columns: SheetColumn<T>[], headers: Map<number, string>): HeaderMatch<T> {
  const byAlias = new Map<string, SheetColumn<T>>();
  for (const c of columns) for (const a of [c.zh, c.en, c.key]) byAlias.set(headerKey(a), c);
  const byColumn = new Map<number, SheetColumn<T>>();
  const headerOf = new Map<string, string>();
  for (const [col, text] of [...headers].sort((a, b) => a[0] - b[0])) {
    const c = byAlias.get(headerKey(text));
    if (!c || headerOf.has(c.key)) continue;
    byColumn.set(col, c);
    headerOf.set(c.key, text.trim());
  }
  return { byColumn, headerOf, missing: columns.filter((c) => c.required && !headerOf.has(c.key)) };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * A cell as the value of a body field; `undefined` for an empty cell so optional fields keep
 * their defaults. What cannot be converted is passed on as is, for the schema to refuse by name.
 */
export function cellToField(kind: CellKind, v: PlainCell): unknown {
  if (v === null) return undefined;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  switch (kind) {
    case 'text':
      if (typeof v === 'string') return v.trim();
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return String(v);
    case 'number': {
      if (typeof v !== 'string') return v instanceof Date ? v.toISOString() : v;
      const s = v.trim().replace(/,/g, '');
      return NUMBER.test(s) ? Number(s) : v.trim();
    }
    case 'list': {
      const parts = String(v)
        .split(/[、,，;；\n\r]+/)
        .map((p) => p.trim())
        .filter(Boolean);
      return parts.length ? parts : undefined;
    }
  }
}

/** The body a data row stands for (nested by the dotted keys), and whether it is blank. */
export function rowToBody<T>(
  byColumn: Map<number, SheetColumn<T>>,
  cells: Map<number, PlainCell>,
): { body: Record<string, unknown>; blank: boolean } {
  const body: Record<string, unknown> = {};
  let blank = true;
  for (const [col, c] of byColumn) {
    const value = cellToField(c.type, cells.get(col) ?? null);
    if (value === undefined) continue;
    blank = false;
    const path = c.key.split('.');
    let into = body;
    for (const p of path.slice(0, -1)) {
      const next = into[p];
      if (typeof next === 'object' && next !== null) into = next as Record<string, unknown>;
      else into = into[p] = {};
    }
    into[path[path.length - 1] ?? c.key] = value;
  }
  return { body, blank };
}

/** One thing wrong with an import, as answered in `details`. */
export interface ImportProblem {
  /** The row number Excel shows. */
  row: number;
  /** The body field (`headcount`, `location.lon`, `capabilities.0`). */
  field: string;
  /** The header of the column in the uploaded sheet. */
  column: string | null;
  code: string;
  message: string;
}

/** The fields of a zod issue the message needs (structurally, so any zod issue fits). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  values?: unknown;
}

const ZH: Record<string, (i: IssueLike) => string> = {
  invalid_type: (i) =>
    `类型错误，应为${i.expected === 'number' ? '数字' : i.expected === 'string' ? '文本' : String(i.expected)}`,
  too_small: (i) =>
    i.origin === 'string'
      ? `长度至少 ${String(i.minimum)}`
      : i.origin === 'array'
        ? `至少 ${String(i.minimum)} 项`
        : `不能小于 ${String(i.minimum)}`,
  too_big: (i) =>
    i.origin === 'string'
      ? `长度至多 ${String(i.maximum)}`
      : i.origin === 'array'
        ? `至多 ${String(i.maximum)} 项`
        : `不能大于 ${String(i.maximum)}`,
  invalid_value: (i) => `取值无效，可选值：${Array.isArray(i.values) ? i.values.map(String).join(', ') : ''}`,
  invalid_format: () => '格式不正确',
  custom: () => '取值无效',
};

/** The message of a zod issue found in a row (parsed with `reportInput`), in the request's language. */
export function issueMessage(issue: IssueLike, locale: Locale): string {
  const missing = issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;
  if (missing) return locale === 'en-US' ? 'Required' : '必填';
  if (locale === 'en-US') return issue.message;
  const zh = ZH[issue.code];
  return zh ? `${zh(issue)}（${issue.message}）` : issue.message;
}

/** The field an issue is about and the header of its column (`capabilities.0` is in the `capabilities` column). */
export function issueField(issue: IssueLike, headerOf: Map<string, string>): { field: string; column: string | null } {
  const field = issue.path.map(String).join('.');
  let column: string | null = null;
  for (const [key, text] of headerOf) {
    if (field === key || field.startsWith(`${key}.`)) column = text;
  }
  // `location` as a whole is filled by the longitude and latitude columns.
  if (!column && field === 'location')
    column = [headerOf.get('location.lon'), headerOf.get('location.lat')].filter(Boolean).join(' / ') || null;
  return { field, column };
}
