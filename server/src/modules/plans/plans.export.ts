import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { allPages, toXlsx } from '../../platform/xlsx.js';
import { listDrills } from './drills.service.js';
import { listPlans, type PlanFilter } from './plans.service.js';

const zh = (ctx: RequestContext, z: string, e: string) => (ctx.locale === 'en-US' ? e : z);

const KIND_ZH: Record<string, string> = {
  overall: '总体应急预案',
  special: '专项应急预案',
  department: '部门应急预案',
  enterprise_comprehensive: '综合应急预案',
  enterprise_special: '专项应急预案（企业）',
  onsite: '现场处置方案',
};
const STATUS_ZH: Record<string, string> = { draft: '草稿', published: '已发布', superseded: '已废止' };
const DRILL_KIND_ZH: Record<string, string> = { tabletop: '桌面推演', functional: '功能演练', full_scale: '实战演练' };

export async function exportPlans(deps: Deps, ctx: RequestContext, f: Omit<PlanFilter, 'page' | 'pageSize'>) {
  const rows = await allPages((page) => listPlans(deps, ctx, { ...f, page, pageSize: 200 }));
  const en = ctx.locale === 'en-US';
  return toXlsx(
    zh(ctx, '预案库', 'Plans'),
    [
      { header: zh(ctx, '预案名称', 'Title'), width: 40, value: (r) => r.title },
      { header: zh(ctx, '类别', 'Kind'), width: 18, value: (r) => (en ? r.kind : (KIND_ZH[r.kind] ?? r.kind)) },
      { header: zh(ctx, '编制单位', 'Owner'), width: 28, value: (r) => r.ownerOrgName },
      { header: zh(ctx, '行政区划', 'Division'), value: (r) => r.divisionCode },
      { header: zh(ctx, '版本', 'Version'), value: (r) => r.version },
      { header: zh(ctx, '状态', 'Status'), value: (r) => (en ? r.status : (STATUS_ZH[r.status] ?? r.status)) },
      { header: zh(ctx, '发布日期', 'Published'), value: (r) => r.publishedAt },
      { header: zh(ctx, '备案日期', 'Filed'), value: (r) => r.filedAt },
      { header: zh(ctx, '备案期限', 'Filing due'), value: (r) => r.filingDueBy },
      { header: zh(ctx, '备案编号', 'Filing no.'), value: (r) => r.filingNumber },
      { header: zh(ctx, '最近评估', 'Last evaluated'), value: (r) => r.lastEvaluatedAt },
      { header: zh(ctx, '响应级别数', 'Levels'), value: (r) => r.levels.length },
      { header: zh(ctx, '行动项数', 'Actions'), value: (r) => r.actions.length },
    ],
    rows,
  );
}

export async function exportDrills(
  deps: Deps,
  ctx: RequestContext,
  f: { orgId?: string; planId?: string; year?: number; kind?: string },
) {
  const rows = await allPages((page) => listDrills(deps, ctx, { ...f, page, pageSize: 200 }));
  const en = ctx.locale === 'en-US';
  return toXlsx(
    zh(ctx, '演练记录', 'Drills'),
    [
      { header: zh(ctx, '日期', 'Date'), value: (r) => r.date },
      { header: zh(ctx, '单位', 'Organisation'), width: 28, value: (r) => r.orgName },
      { header: zh(ctx, '名称', 'Title'), width: 30, value: (r) => r.title },
      { header: zh(ctx, '演练预案', 'Plans'), width: 40, value: (r) => r.planTitles.join('；') },
      {
        header: zh(ctx, '形式', 'Kind'),
        value: (r) =>
          (en ? r.kind : (DRILL_KIND_ZH[r.kind] ?? r.kind)) +
          (r.doubleBlind ? zh(ctx, '（双盲）', ' (double-blind)') : ''),
      },
      { header: zh(ctx, '参演人数', 'Participants'), value: (r) => r.participants },
      { header: zh(ctx, '评估得分', 'Score'), value: (r) => r.score },
      { header: zh(ctx, '发现问题', 'Problems'), width: 40, value: (r) => r.problems.join('；') },
      {
        header: zh(ctx, '整改事项（未完成/全部）', 'Follow-ups (open/all)'),
        value: (r) => `${r.followUps.filter((x) => !x.done).length}/${r.followUps.length}`,
      },
      { header: zh(ctx, '评估意见', 'Evaluation'), width: 40, value: (r) => r.evaluation },
    ],
    rows,
  );
}
