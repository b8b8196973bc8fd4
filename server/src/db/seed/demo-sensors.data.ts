import type { DemoSensor } from '../../modules/monitoring/index.js';

/**
 * Demo sensors of 阳泉's lifeline monitoring (城市生命线): gas in pipe wells, water in underpasses,
 * bridge strain, rainfall, and toxic gas at the demo enterprise (a major hazard source), placed
 * inside their divisions, each with the threshold rules a bureau would set.
 */
const at = (lon: number, lat: number, i: number, spread = 0.012) => ({
  lon: Math.round((lon + (((i * 37) % 11) - 5) * spread * 0.2) * 1e5) / 1e5,
  lat: Math.round((lat + (((i * 53) % 9) - 4) * spread * 0.2) * 1e5) / 1e5,
});

const GAS_RULE = {
  metric: 'gas',
  kind: 'threshold' as const,
  levels: [
    { op: '>=' as const, value: 10, level: 'yellow' as const },
    { op: '>=' as const, value: 25, level: 'orange' as const },
    { op: '>=' as const, value: 50, level: 'red' as const },
  ],
  clearBelow: 8,
};

export const DEMO_SENSORS: DemoSensor[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    code: `YQ-GAS-${String(i + 1).padStart(3, '0')}`,
    name: `${['城区', '矿区', '城区', '郊区'][i % 4]}燃气管网阀门井 ${i + 1} 号`,
    type: 'gas_concentration' as const,
    divisionCode: ['140302', '140303', '140302', '140311'][i % 4]!,
    location: at([113.6, 113.54, 113.6, 113.45][i % 4]!, [37.865, 37.865, 37.865, 37.9][i % 4]!, i),
    metrics: [
      { name: 'gas', unit: '%LEL' },
      { name: 'temp', unit: '℃' },
    ],
    intervalSeconds: 60,
    linked: { kind: 'pipe_segment' as const, name: `中压燃气管线 G${i + 1}` },
    rules: [GAS_RULE],
    baseline: { gas: 2, temp: 12 },
  })),
  ...Array.from({ length: 6 }, (_, i) => ({
    code: `YQ-WL-${String(i + 1).padStart(3, '0')}`,
    name: `${['桃林沟', '德胜街', '南外环', '北大街', '义井', '荫营'][i]}下穿通道积水`,
    type: 'water_level' as const,
    divisionCode: ['140302', '140302', '140303', '140302', '140311', '140311'][i]!,
    location: at(113.58, 37.87, i + 20),
    metrics: [{ name: 'level', unit: 'cm' }],
    intervalSeconds: 60,
    linked: { kind: 'underpass' as const, name: `下穿通道 ${i + 1}` },
    rules: [
      {
        metric: 'level',
        kind: 'threshold' as const,
        levels: [
          { op: '>=' as const, value: 15, level: 'yellow' as const },
          { op: '>=' as const, value: 27, level: 'orange' as const },
          { op: '>=' as const, value: 40, level: 'red' as const },
        ],
        clearBelow: 10,
      },
    ],
    baseline: { level: 0 },
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    code: `YQ-BR-${String(i + 1).padStart(3, '0')}`,
    name: `${['桃河大桥', '东环桥', '平坦桥', '白羊墅桥'][i]}应变监测`,
    type: 'bridge_strain' as const,
    divisionCode: ['140302', '140302', '140311', '140303'][i]!,
    location: at(113.57, 37.86, i + 40),
    metrics: [{ name: 'strain', unit: 'με' }],
    intervalSeconds: 60,
    linked: { kind: 'bridge' as const, name: ['桃河大桥', '东环桥', '平坦桥', '白羊墅桥'][i]! },
    rules: [
      {
        metric: 'strain',
        kind: 'threshold' as const,
        levels: [
          { op: '>=' as const, value: 300, level: 'yellow' as const },
          { op: '>=' as const, value: 450, level: 'red' as const },
        ],
        clearBelow: 280,
      },
    ],
    baseline: { strain: 120 },
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    code: `YQ-RAIN-${String(i + 1).padStart(3, '0')}`,
    name: `${['城区', '矿区', '郊区', '平定县', '盂县'][i]}雨量站`,
    type: 'rainfall' as const,
    divisionCode: ['140302', '140303', '140311', '140321', '140322'][i]!,
    location: [
      { lon: 113.6, lat: 37.87 },
      { lon: 113.54, lat: 37.86 },
      { lon: 113.41, lat: 37.85 },
      { lon: 113.8, lat: 37.74 },
      { lon: 113.38, lat: 38.15 },
    ][i]!,
    metrics: [{ name: 'rain1h', unit: 'mm' }],
    intervalSeconds: 300,
    rules: [
      {
        metric: 'rain1h',
        kind: 'threshold' as const,
        levels: [
          { op: '>=' as const, value: 20, level: 'blue' as const },
          { op: '>=' as const, value: 30, level: 'yellow' as const },
          { op: '>=' as const, value: 50, level: 'orange' as const },
          { op: '>=' as const, value: 80, level: 'red' as const },
        ],
      },
    ],
    baseline: { rain1h: 0 },
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    code: `HX-TOX-${String(i + 1).padStart(3, '0')}`,
    name: `华鑫煤化工${['粗苯罐区', '煤气柜', '焦炉区'][i]}有毒气体`,
    type: 'toxic_gas' as const,
    divisionCode: '140321',
    location: at(113.66, 37.8, i + 60, 0.004),
    metrics: [{ name: 'h2s', unit: 'ppm' }],
    intervalSeconds: 30,
    linked: { kind: 'major_hazard' as const, name: '阳泉华鑫煤化工有限公司 二级重大危险源' },
    rules: [
      {
        metric: 'h2s',
        kind: 'threshold' as const,
        levels: [
          { op: '>=' as const, value: 10, level: 'orange' as const },
          { op: '>=' as const, value: 20, level: 'red' as const },
        ],
        clearBelow: 8,
      },
    ],
    baseline: { h2s: 1 },
  })),
];
