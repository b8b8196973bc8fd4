import type { RequestContext } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { allPages, toXlsx } from '../../platform/xlsx.js';
import { shelterRegistry } from './registries.service.js';
import { listStock, listTeams } from './resources.service.js';

const zh = (ctx: RequestContext, z: string, e: string) => (ctx.locale === 'en-US' ? e : z);

export async function exportTeams(deps: Deps, ctx: RequestContext) {
  const rows = await allPages((page) => listTeams(deps, ctx, { page, pageSize: 200 }));
  return toXlsx(
    zh(ctx, '救援队伍', 'Teams'),
    [
      { header: zh(ctx, '名称', 'Name'), width: 32, value: (r) => r.name },
      { header: zh(ctx, '类别', 'Kind'), value: (r) => r.kind },
      { header: zh(ctx, '专长', 'Capabilities'), width: 30, value: (r) => r.capabilities.join('、') },
      { header: zh(ctx, '人数', 'Headcount'), value: (r) => r.headcount },
      { header: zh(ctx, '行政区划', 'Division'), value: (r) => r.divisionCode },
      { header: zh(ctx, '经度', 'Lon'), value: (r) => r.location.lon },
      { header: zh(ctx, '纬度', 'Lat'), value: (r) => r.location.lat },
      { header: zh(ctx, '状态', 'Status'), value: (r) => r.status },
      { header: zh(ctx, '联系人', 'Contact'), value: (r) => r.contactName },
      { header: zh(ctx, '电话', 'Phone'), value: (r) => r.contactPhone },
    ],
    rows,
  );
}

export async function exportStock(deps: Deps, ctx: RequestContext) {
  const rows = await allPages((page) => listStock(deps, ctx, { page, pageSize: 200 }));
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

export async function exportShelters(deps: Deps, ctx: RequestContext) {
  const rows = await allPages((page) => shelterRegistry.list(deps, ctx, { page, pageSize: 200 }));
  return toXlsx(
    zh(ctx, '应急避难场所', 'Shelters'),
    [
      { header: zh(ctx, '名称', 'Name'), width: 32, value: (r) => r.name },
      { header: zh(ctx, '类型', 'Setting'), value: (r) => r.setting },
      { header: zh(ctx, '等级', 'Grade'), value: (r) => r.grade },
      { header: zh(ctx, '有效面积（㎡）', 'Effective area (m²)'), value: (r) => r.effectiveAreaM2 },
      { header: zh(ctx, '容纳人数', 'Capacity'), value: (r) => r.capacity },
      { header: zh(ctx, '设施', 'Facilities'), width: 24, value: (r) => r.facilities.join('、') },
      { header: zh(ctx, '行政区划', 'Division'), value: (r) => r.divisionCode },
      { header: zh(ctx, '状态', 'Status'), value: (r) => r.status },
    ],
    rows,
  );
}
