import type { OrgKind, Role } from '@yingji/contracts';

/**
 * The demo city 阳泉市 (140300), from 《阳泉市贯彻落实省市"十四五"应急体系规划实施方案》
 * (阳政办函〔2023〕36号): every unit the plan names as lead (牵头) or responsible (负责),
 * spelled as the plan spells them, so tasks of the plan can be assigned by name.
 */
export interface DemoOrg {
  key: string;
  name: string;
  kind: OrgKind;
  divisionCode: string;
  parent?: string;
  highRisk?: boolean;
}

const CITY = '140300';

const cityUnits: [string, OrgKind][] = [
  ['市财政局', 'department'],
  ['市规划和自然资源局', 'department'],
  ['市工信局', 'department'],
  ['市交通运输局', 'department'],
  ['市水利局', 'department'],
  ['市住建局', 'department'],
  ['市发展改革委', 'department'],
  ['市消防救援支队', 'department'],
  ['市市场监管局', 'department'],
  ['市商务局', 'department'],
  ['市能源局', 'department'],
  ['市农业农村局', 'department'],
  ['市生态环境局', 'department'],
  ['市防震减灾中心', 'institution'],
  ['市教育局', 'department'],
  ['市科技局', 'department'],
  ['市文旅局', 'department'],
  ['市交警支队', 'department'],
  ['市公安局', 'department'],
  ['市卫健委', 'department'],
  ['市气象局', 'department'],
  ['市城市管理局', 'department'],
  ['市民政局', 'department'],
  ['市大数据局', 'department'],
  ['市人防办', 'department'],
  ['市邮政管理局', 'department'],
  ['市司法局', 'department'],
  ['市行政审批局', 'department'],
  ['市统计局', 'department'],
  ['市政法委', 'department'],
  ['市委宣传部', 'department'],
  ['市总工会', 'institution'],
  ['市红十字会', 'institution'],
  ['阳泉银保监分局', 'department'],
  ['阳泉军分区', 'department'],
  ['武警阳泉支队', 'department'],
  ['北京铁路局阳泉站', 'enterprise'],
];

const counties: [string, string, string][] = [
  ['140302', '城区人民政府', '城区应急局'],
  ['140303', '矿区人民政府', '矿区应急局'],
  ['140311', '郊区人民政府', '郊区应急局'],
  ['140321', '平定县人民政府', '平定县应急局'],
  ['140322', '盂县人民政府', '盂县应急局'],
];

export const DEMO_ORGS: DemoOrg[] = [
  // The province's bureau sees every city: both demo programmes (阳泉 and 晋城) side by side.
  { key: 'province-ema', name: '山西省应急管理厅', kind: 'government', divisionCode: '140000' },
  { key: 'city-gov', name: '阳泉市人民政府', kind: 'government', divisionCode: CITY },
  { key: 'city-ema', name: '市应急局', kind: 'government', divisionCode: CITY, parent: 'city-gov' },
  ...cityUnits.map(([name, kind]) => ({ key: name, name, kind, divisionCode: CITY, parent: 'city-gov' })),
  { key: 'city-mine-rescue', name: '阳泉市矿山救护大队', kind: 'rescue_team', divisionCode: CITY, parent: 'city-ema' },
  ...counties.flatMap(([code, gov, ema]) => [
    { key: `${code}-gov`, name: gov, kind: 'government' as const, divisionCode: code, parent: 'city-gov' },
    { key: `${code}-ema`, name: ema, kind: 'government' as const, divisionCode: code, parent: `${code}-gov` },
  ]),
  {
    key: 'enterprise',
    name: '阳泉华鑫煤化工有限公司',
    kind: 'enterprise',
    divisionCode: '140321',
    parent: '140321-ema',
    highRisk: true,
  },
  // More enterprises of the two counties, for the dual-prevention demo (risk points, hazards, major hazard sources).
  ...(
    [
      ['平定县瑞丰耐火材料有限公司', '140321', true],
      ['阳泉鑫盛液化气储配有限公司', '140321', true],
      ['盂县晋东化工有限公司', '140322', true],
      ['盂县兴盛铸造有限公司', '140322', false],
    ] as const
  ).map(([name, divisionCode, highRisk]) => ({
    key: name,
    name,
    kind: 'enterprise' as const,
    divisionCode,
    parent: `${divisionCode}-ema`,
    highRisk,
  })),
];

export const DEMO_PASSWORD = 'Yingji@2026';

export interface DemoUser {
  username: string;
  displayName: string;
  org: string;
  roles: Role[];
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'admin',
    displayName: '系统管理员',
    org: 'city-ema',
    roles: ['admin'],
    description: '系统管理员 (市应急局)',
  },
  {
    username: 'duty',
    displayName: '值班员 张伟',
    org: 'city-ema',
    roles: ['duty_officer'],
    description: '值班员 (市应急局)',
  },
  {
    username: 'commander',
    displayName: '指挥长 李强',
    org: 'city-ema',
    roles: ['commander'],
    description: '指挥长 (市应急局)',
  },
  {
    username: 'fire',
    displayName: '联络员 王磊',
    org: '市消防救援支队',
    roles: ['department'],
    description: '成员单位联络员 (市消防救援支队)',
  },
  {
    username: 'pingding',
    displayName: '平定县 赵敏',
    org: '140321-ema',
    roles: ['county'],
    description: '县区用户 (平定县应急局)',
  },
  {
    username: 'yuxian',
    displayName: '盂县 刘洋',
    org: '140322-ema',
    roles: ['county'],
    description: '县区用户 (盂县应急局)',
  },
  {
    username: 'enterprise',
    displayName: '安全管理员 陈静',
    org: 'enterprise',
    roles: ['enterprise'],
    description: '企业安全管理员 (阳泉华鑫煤化工有限公司)',
  },
  {
    username: 'inspector',
    displayName: '执法检查员 周涛',
    org: '140321-ema',
    roles: ['inspector'],
    description: '执法检查员 (平定县应急局)',
  },
  {
    username: 'zhujian',
    displayName: '联络员 吴芳',
    org: '市住建局',
    roles: ['department'],
    description: '成员单位联络员 (市住建局)',
  },
  {
    username: 'planner',
    displayName: '规划科 孙丽',
    org: 'city-ema',
    roles: ['commander'],
    description: '规划实施 (市应急局规划科)',
  },
  {
    username: 'shanxi',
    displayName: '省应急管理厅 何平',
    org: 'province-ema',
    roles: ['viewer'],
    description: '省级查看 (山西省应急管理厅) — 阳泉、晋城两个规划实施方案',
  },
  {
    username: 'ruifeng',
    displayName: '安全员 陈刚',
    org: '平定县瑞丰耐火材料有限公司',
    roles: ['enterprise'],
    description: '企业安全管理员 (平定县瑞丰耐火材料有限公司)',
  },
  {
    username: 'jindong',
    displayName: '安全员 郭静',
    org: '盂县晋东化工有限公司',
    roles: ['enterprise'],
    description: '企业安全管理员 (盂县晋东化工有限公司)',
  },
];
