import { describe, expect, it } from 'vitest';
import { createTeamBody } from '@yingji/contracts';
import {
  cellToField,
  headerKey,
  issueField,
  issueMessage,
  matchHeader,
  plainCell,
  rowToBody,
  type PlainCell,
} from './import.rules.js';
import { TEAM_COLUMNS } from './resources.sheets.js';

describe('Excel import rules', () => {
  it('reduces exceljs cell shapes to plain values', () => {
    expect(plainCell(null)).toBeNull();
    expect(plainCell(12)).toBe(12);
    expect(plainCell({ richText: [{ text: '平定' }, { text: '县' }] })).toBe('平定县');
    expect(plainCell({ formula: 'A1+1', result: 3 })).toBe(3);
    expect(plainCell({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(plainCell({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(plainCell({ error: '#N/A' })).toBe('#N/A');
  });

  it('matches headers loosely, in Chinese or English, and lists the required columns missing', () => {
    expect(headerKey('库容（m³）')).toBe(headerKey('库容(m3)'));
    const m = matchHeader(
      TEAM_COLUMNS,
      new Map([
        [1, ' 名称 '],
        [2, 'KIND'],
        [3, '备注'],
        [4, 'Headcount'],
        [5, '名称'],
      ]),
    );
    expect([...m.byColumn].map(([col, c]) => [col, c.key])).toEqual([
      [1, 'name'],
      [2, 'kind'],
      [4, 'headcount'],
    ]);
    expect(m.headerOf.get('name')).toBe('名称');
    expect(m.missing.map((c) => c.key)).toEqual(['divisionCode', 'location.lon', 'location.lat']);
  });

  it('turns cells into field values, leaving what cannot be converted for the schema to refuse', () => {
    expect(cellToField('text', '  x ')).toBe('x');
    expect(cellToField('text', '   ')).toBeUndefined();
    expect(cellToField('text', 140321)).toBe('140321');
    expect(cellToField('number', ' 1,200 ')).toBe(1200);
    expect(cellToField('number', 'abc')).toBe('abc');
    expect(cellToField('list', 'mine、medical，fire; comms')).toEqual(['mine', 'medical', 'fire', 'comms']);
    expect(cellToField('list', null)).toBeUndefined();
  });

  it('builds the nested body of a row and tells blank rows', () => {
    const m = matchHeader(
      TEAM_COLUMNS,
      new Map([
        [1, '名称'],
        [2, '经度'],
        [3, '纬度'],
      ]),
    );
    expect(
      rowToBody(
        m.byColumn,
        new Map<number, PlainCell>([
          [1, '某队'],
          [2, 113.5],
          [3, '37.8'],
        ]),
      ),
    ).toEqual({ body: { name: '某队', location: { lon: 113.5, lat: 37.8 } }, blank: false });
    expect(rowToBody(m.byColumn, new Map([[1, '  ']]))).toEqual({ body: {}, blank: true });
  });

  it('words the problems in the request’s language and names the column', () => {
    const r = createTeamBody.safeParse(
      { name: 'x', kind: 'army', headcount: 'abc', divisionCode: '140321', location: { lat: 37 } },
      { reportInput: true },
    );
    expect(r.success).toBe(false);
    const headerOf = new Map([
      ['kind', '类别'],
      ['headcount', '人数'],
      ['location.lon', '经度'],
    ]);
    const issues = r.error?.issues ?? [];
    const byField = new Map(issues.map((i) => [issueField(i, headerOf).field, i]));
    const kind = byField.get('kind')!;
    expect(issueField(kind, headerOf).column).toBe('类别');
    expect(issueMessage(kind, 'zh-CN')).toMatch(/^取值无效，可选值：fire_rescue, professional/);
    expect(issueMessage(byField.get('headcount')!, 'zh-CN')).toMatch(/^类型错误，应为数字/);
    expect(issueMessage(byField.get('location.lon')!, 'zh-CN')).toBe('必填');
    expect(issueMessage(byField.get('location.lon')!, 'en-US')).toBe('Required');
  });
});
