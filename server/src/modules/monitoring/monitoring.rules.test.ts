import { describe, expect, it } from 'vitest';
import {
  clears,
  decide,
  escalationTarget,
  isOffline,
  levelOf,
  nextEscalationAt,
  parseReading,
  ratePerMinute,
  sensorOfTopic,
  type ThresholdRule,
} from './monitoring.rules.js';

const now = new Date('2026-11-23T08:00:00Z');
// Gas in a pipe well: ≥ 10 %LEL yellow, ≥ 25 %LEL orange, ≥ 50 %LEL red; clears below 8.
const gas: ThresholdRule = {
  levels: [
    { op: '>=', value: 10, level: 'yellow' },
    { op: '>=', value: 25, level: 'orange' },
    { op: '>=', value: 50, level: 'red' },
  ],
  clearBelow: 8,
};
// Water in a pipe falling: pressure < 0.2 MPa orange, <= 0.1 red; clears above 0.25.
const pressure: ThresholdRule = {
  levels: [
    { op: '<', value: 0.2, level: 'orange' },
    { op: '<=', value: 0.1, level: 'red' },
  ],
  clearAbove: 0.25,
};

describe('telemetry payloads', () => {
  it('takes the sensor code from yingji/telemetry/{code} only', () => {
    expect(sensorOfTopic('yingji/telemetry/YQ-GAS-001')).toBe('YQ-GAS-001');
    expect(sensorOfTopic('yingji/telemetry/a/b')).toBeNull();
    expect(sensorOfTopic('other/YQ')).toBeNull();
  });
  it('accepts ISO-8601 and epoch milliseconds', () => {
    const a = parseReading('S', Buffer.from('{"ts":"2026-11-23T07:59:00Z","values":{"gas":3.5}}'), now);
    expect(a).toEqual({ ok: true, sensorCode: 'S', ts: new Date('2026-11-23T07:59:00Z'), values: { gas: 3.5 } });
    const b = parseReading('S', { ts: now.getTime() - 1000, values: { gas: 0 } }, now);
    expect(b.ok && b.ts.getTime()).toBe(now.getTime() - 1000);
  });
  it('names what is wrong: malformed JSON, shape, non-numeric values, timestamps', () => {
    const reason = (p: unknown) => {
      const r = parseReading('S', p, now);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('{"ts": 1,')).toBe('malformed_json');
    expect(reason('[1,2]')).toBe('bad_shape');
    expect(reason({ ts: now.getTime(), values: {} })).toBe('bad_shape');
    expect(reason({ ts: now.getTime(), values: { gas: '12' } })).toBe('non_numeric');
    expect(reason({ ts: now.getTime(), values: { gas: null } })).toBe('non_numeric');
    expect(reason({ ts: 'yesterday', values: { gas: 1 } })).toBe('bad_timestamp');
    expect(reason({ values: { gas: 1 } })).toBe('bad_timestamp');
    // Five minutes of clock drift are tolerated; more is refused.
    expect(reason({ ts: now.getTime() + 5 * 60_000, values: { gas: 1 } })).toBe('ok');
    expect(reason({ ts: now.getTime() + 5 * 60_000 + 1, values: { gas: 1 } })).toBe('future_timestamp');
  });
});

describe('threshold rules', () => {
  it('takes the most severe level that holds; >= includes the bound, > excludes it', () => {
    expect(levelOf(gas, 9.99)).toBeNull();
    expect(levelOf(gas, 10)).toBe('yellow');
    expect(levelOf(gas, 49.9)).toBe('orange');
    expect(levelOf(gas, 50)).toBe('red');
    expect(levelOf({ levels: [{ op: '>', value: 10, level: 'blue' }] }, 10)).toBeNull();
    expect(levelOf(pressure, 0.2)).toBeNull();
    expect(levelOf(pressure, 0.1)).toBe('red');
  });
  it('raises once, counts a persisting condition, escalates the level upwards only', () => {
    expect(decide(gas, 12, null)).toEqual({ action: 'raise', level: 'yellow' });
    expect(decide(gas, 13, 'yellow')).toEqual({ action: 'update', level: 'yellow', escalated: false });
    expect(decide(gas, 30, 'yellow')).toEqual({ action: 'update', level: 'orange', escalated: true });
    expect(decide(gas, 12, 'orange')).toEqual({ action: 'update', level: 'orange', escalated: false });
  });
  it('hysteresis: between clearBelow and the lowest bound the alarm holds; below it clears', () => {
    expect(decide(gas, 9, 'yellow')).toEqual({ action: 'hold' });
    expect(decide(gas, 8, 'yellow')).toEqual({ action: 'hold' });
    expect(decide(gas, 7.9, 'yellow')).toEqual({ action: 'clear' });
    expect(decide(gas, 7.9, null)).toEqual({ action: 'none' });
    // An oscillating value around 10 does not flap: one raise, then holds and updates.
    const seq = [9.8, 10.2, 9.7, 10.1, 9.9];
    let open: 'yellow' | null = null;
    const actions = seq.map((v) => {
      const d = decide(gas, v, open);
      if (d.action === 'raise') open = 'yellow';
      if (d.action === 'clear') open = null;
      return d.action;
    });
    expect(actions).toEqual(['none', 'raise', 'hold', 'update', 'hold']);
  });
  it('without a clear bound an alarm clears as soon as no level holds; falling rules clear above clearAbove', () => {
    expect(clears({ levels: gas.levels }, 9.99)).toBe(true);
    expect(clears(pressure, 0.22)).toBe(false);
    expect(clears(pressure, 0.26)).toBe(true);
  });
});

describe('rate of change', () => {
  it('is the change per minute between the first and last reading in the window', () => {
    const t0 = now.getTime();
    const pts = [
      { t: t0 - 120_000, v: 0 },
      { t: t0 - 60_000, v: 10 },
      { t: t0, v: 30 },
    ];
    expect(ratePerMinute(pts, 120, t0)).toBe(15);
    expect(ratePerMinute(pts, 60, t0)).toBe(20);
    expect(ratePerMinute(pts.slice(2), 60, t0)).toBeNull();
  });
});

describe('offline and escalation', () => {
  it('a sensor is offline after 3 intervals without a reading', () => {
    const created = new Date('2026-11-01T00:00:00Z');
    expect(isOffline(new Date(now.getTime() - 180_000), 60, created, now)).toBe(false);
    expect(isOffline(new Date(now.getTime() - 180_001), 60, created, now)).toBe(true);
    expect(isOffline(null, 60, now, now)).toBe(false);
  });
  it('red waits 5 minutes, orange 15, yellow 30, blue 60; officer, then leader, then everyone', () => {
    expect(nextEscalationAt(now, 'red').getTime() - now.getTime()).toBe(5 * 60_000);
    expect(nextEscalationAt(now, 'orange').getTime() - now.getTime()).toBe(15 * 60_000);
    expect(nextEscalationAt(now, 'yellow').getTime() - now.getTime()).toBe(30 * 60_000);
    expect(nextEscalationAt(now, 'blue').getTime() - now.getTime()).toBe(60 * 60_000);
    expect([1, 2, 3, 4].map(escalationTarget)).toEqual(['officer', 'leader', 'all', 'all']);
  });
});
