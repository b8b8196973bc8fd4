import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  movement,
  movementQuery,
  createEquipmentBody,
  createExpertBody,
  createShelterBody,
  divisionCode,
  divisionFigureBody,
  equipmentItem,
  expert,
  readinessRow,
  registryQuery,
  shelter,
  updateEquipmentBody,
  updateExpertBody,
  updateShelterBody,
  coverageQuery,
  coverageResult,
  nearestQuery,
  nearestResult,
  approveSupplyRequestBody,
  rejectSupplyRequestBody,
  importResult,
  IMPORT_MAX_BYTES,
  balance,
  createSupplyRequestBody,
  supplyRequest,
  supplyRequestQuery,
  createSupplyItemBody,
  createTeamBody,
  createWarehouseBody,
  errorBody,
  listOf,
  movementBody,
  movementResult,
  stockQuery,
  supplyItem,
  supplyItemQuery,
  team,
  teamQuery,
  updateTeamBody,
  updateWarehouseBody,
  uuid,
  warehouse,
  warehouseQuery,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import {
  createSupplyItem,
  createTeam,
  createWarehouse,
  listMovements,
  listStock,
  listSupplyItems,
  listTeams,
  listWarehouses,
  receiveTransfer,
  recordMovement,
  updateTeam,
  updateWarehouse,
} from './resources.service.js';
import { nearestResources } from './nearest.service.js';
import { coverage } from './coverage.service.js';
import {
  equipmentImportTemplate,
  expertImportTemplate,
  exportEquipment,
  exportExperts,
  exportShelters,
  exportStock,
  shelterImportTemplate,
  exportTeams,
  exportWarehouses,
  teamImportTemplate,
  warehouseImportTemplate,
} from './resources.export.js';
import { importEquipment, importExperts, importShelters, importTeams, importWarehouses } from './resources.import.js';
import { XLSX_TYPE } from '../../platform/xlsx.js';
import { AppError } from '../../platform/errors.js';
import { sendError } from '../../platform/http.js';
import {
  equipmentRegistry,
  expertRegistry,
  readiness,
  setDivisionFigures,
  shelterRegistry,
} from './registries.service.js';
import { approveRequest, confirmRequest, createRequest, listRequests, rejectRequest } from './requests.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export async function resourceRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/teams',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['resources'],
        summary: '救援队伍 Rescue teams',
        querystring: teamQuery,
        response: { 200: listOf(team) },
      },
    },
    async (q) => listTeams(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/teams',
    {
      config: { permission: 'resource.manage' },
      schema: { tags: ['resources'], body: createTeamBody, response: { 201: team, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createTeam(deps, q.ctx, q.body)),
  );
  r.patch(
    '/api/v1/teams/:id',
    {
      config: { permission: 'resource.manage' },
      schema: { tags: ['resources'], params: idParams, body: updateTeamBody, response: { 200: team, ...errors } },
    },
    async (q) => updateTeam(deps, q.ctx, q.params.id, q.body),
  );

  r.get(
    '/api/v1/warehouses',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['resources'],
        summary: '储备库 Warehouses',
        querystring: warehouseQuery,
        response: { 200: listOf(warehouse) },
      },
    },
    async (q) => listWarehouses(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/warehouses',
    {
      config: { permission: 'resource.manage' },
      schema: { tags: ['resources'], body: createWarehouseBody, response: { 201: warehouse, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createWarehouse(deps, q.ctx, q.body)),
  );
  r.patch(
    '/api/v1/warehouses/:id',
    {
      config: { permission: 'resource.manage' },
      schema: {
        tags: ['resources'],
        params: idParams,
        body: updateWarehouseBody,
        response: { 200: warehouse, ...errors },
      },
    },
    async (q) => updateWarehouse(deps, q.ctx, q.params.id, q.body),
  );

  r.get(
    '/api/v1/supplies/items',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['supplies'],
        summary: '物资目录 Catalogue',
        querystring: supplyItemQuery,
        response: { 200: listOf(supplyItem) },
      },
    },
    async (q) => listSupplyItems(deps, q.query),
  );
  r.post(
    '/api/v1/supplies/items',
    {
      config: { permission: 'resource.manage' },
      schema: { tags: ['supplies'], body: createSupplyItemBody, response: { 201: supplyItem, ...errors } },
    },
    async (q, reply) => reply.code(201).send(await createSupplyItem(deps, q.ctx, q.body)),
  );
  r.post(
    '/api/v1/supplies/movements',
    {
      config: { permission: 'supply.move' },
      schema: {
        tags: ['supplies'],
        summary: '出入库 Record a movement (receipt, issue, transfer, adjustment, return, write-off)',
        description:
          'Stock never goes negative: an issue that cannot be met answers 409 insufficient_stock with details.available.',
        body: movementBody,
        response: { 201: movementResult, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await recordMovement(deps, q.ctx, q.body)),
  );
  r.post(
    '/api/v1/supplies/movements/:id/receive',
    {
      config: { permission: 'supply.move' },
      schema: {
        tags: ['supplies'],
        summary: '调拨到货 Receive a transfer',
        params: idParams,
        response: { 200: movementResult, ...errors },
      },
    },
    async (q) => receiveTransfer(deps, q.ctx, q.params.id),
  );
  r.get(
    '/api/v1/supplies/stock',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['supplies'],
        summary: '库存 Stock balances',
        querystring: stockQuery,
        response: { 200: listOf(balance) },
      },
    },
    async (q) => listStock(deps, q.ctx, q.query),
  );

  r.get(
    '/api/v1/supplies/requests',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['supplies'],
        summary: '调拨申请 Allocation requests',
        querystring: supplyRequestQuery,
        response: { 200: listOf(supplyRequest) },
      },
    },
    async (q) => listRequests(deps, q.ctx, q.query),
  );
  r.post(
    '/api/v1/supplies/requests',
    {
      config: { permission: 'supply.move' },
      schema: {
        tags: ['supplies'],
        summary: '申请调拨 Request items',
        body: createSupplyRequestBody,
        response: { 201: supplyRequest, ...errors },
      },
    },
    async (q, reply) => reply.code(201).send(await createRequest(deps, q.ctx, q.body)),
  );
  r.post(
    '/api/v1/supplies/requests/:id/approve',
    {
      config: { permission: 'resource.manage' },
      schema: {
        tags: ['supplies'],
        summary: '审批调拨 Approve all or part, sending transfers in one transaction',
        params: idParams,
        body: approveSupplyRequestBody,
        response: { 200: supplyRequest, ...errors },
      },
    },
    async (q) => approveRequest(deps, q.ctx, q.params.id, q.body),
  );
  r.post(
    '/api/v1/supplies/requests/:id/reject',
    {
      config: { permission: 'resource.manage' },
      schema: {
        tags: ['supplies'],
        summary: '驳回调拨 Reject a pending request with a reason (a level above the requester)',
        params: idParams,
        body: rejectSupplyRequestBody,
        response: { 200: supplyRequest, ...errors },
      },
    },
    async (q) => rejectRequest(deps, q.ctx, q.params.id, q.body),
  );
  r.post(
    '/api/v1/supplies/requests/:id/confirm',
    {
      config: { permission: 'supply.move' },
      schema: {
        tags: ['supplies'],
        summary: '确认收货 Confirm receipt',
        params: idParams,
        response: { 200: supplyRequest, ...errors },
      },
    },
    async (q) => confirmRequest(deps, q.ctx, q.params.id),
  );

  r.get(
    '/api/v1/resources/nearest',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['resources'],
        summary: '就近资源 Nearest available teams or stocked warehouses by road travel time',
        querystring: nearestQuery,
        response: { 200: nearestResult, ...errors, 503: errorBody },
      },
    },
    async (q) => nearestResources(deps, q.ctx, q.query),
  );

  r.get(
    '/api/v1/resources/coverage',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['resources'],
        summary: '响应覆盖率 Share of the division reachable within N minutes from the bases, with the isochrone',
        querystring: coverageQuery,
        response: { 200: coverageResult, ...errors, 503: errorBody },
      },
    },
    async (q) => coverage(deps, q.ctx, q.query),
  );

  const registries = [
    {
      path: 'shelters',
      reg: shelterRegistry,
      dto: shelter,
      create: createShelterBody,
      update: updateShelterBody,
      summary: '应急避难场所 Shelters',
    },
    {
      path: 'equipment',
      reg: equipmentRegistry,
      dto: equipmentItem,
      create: createEquipmentBody,
      update: updateEquipmentBody,
      summary: '装备 Equipment',
    },
    {
      path: 'experts',
      reg: expertRegistry,
      dto: expert,
      create: createExpertBody,
      update: updateExpertBody,
      summary: '专家库 Experts',
    },
  ] as const;
  for (const g of registries) {
    r.get(
      `/api/v1/${g.path}`,
      {
        config: { permission: 'resource.read' },
        schema: {
          tags: ['resources'],
          summary: g.summary,
          querystring: registryQuery,
          response: { 200: listOf(g.dto) },
        },
      },
      async (q) => g.reg.list(deps, q.ctx, q.query),
    );
    r.post(
      `/api/v1/${g.path}`,
      {
        config: { permission: 'resource.manage' },
        schema: { tags: ['resources'], body: g.create, response: { 201: g.dto, ...errors } },
      },
      async (q, reply) => reply.code(201).send(await g.reg.create(deps, q.ctx, q.body as never)),
    );
    r.patch(
      `/api/v1/${g.path}/:id`,
      {
        config: { permission: 'resource.manage' },
        schema: { tags: ['resources'], params: idParams, body: g.update, response: { 200: g.dto, ...errors } },
      },
      async (q) => g.reg.update(deps, q.ctx, q.params.id, q.body as never),
    );
  }
  r.put(
    '/api/v1/divisions/:code/figures',
    {
      config: { permission: 'organization.update' },
      schema: {
        tags: ['resources'],
        summary: '常住人口 Population of a division, for readiness ratios',
        params: z.object({ code: divisionCode }),
        body: divisionFigureBody,
      },
    },
    async (q) => setDivisionFigures(deps, q.ctx, q.params.code, q.body),
  );
  r.get(
    '/api/v1/resources/readiness',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['resources'],
        summary: '应急能力达标情况 Readiness per division against the plan targets',
        querystring: z.object({ parent: divisionCode.default('140300') }),
        response: {
          200: z.object({
            items: z.array(readinessRow),
            total: z.number(),
            targets: z.object({
              shelterAreaPerResidentM2: z.number(),
              firePersonnelPerMille: z.number(),
              fireCoverage5min: z.number(),
              equipmentMaintainedRate: z.number(),
            }),
          }),
        },
      },
    },
    async (q) => readiness(deps, q.ctx, q.query.parent),
  );

  // Each export takes its list's filters, so the file holds what the filtered table shows.
  const xlsx = (reply: FastifyReply, name: string, body: Buffer) =>
    reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(body);
  const exportSchema = <Q extends z.ZodObject>(name: string, querystring: Q) => ({
    config: { permission: 'resource.read' as const },
    schema: { tags: ['resources'], summary: `导出 Excel（按列表筛选条件）: ${name}`, querystring },
  });
  r.get('/api/v1/teams/export.xlsx', exportSchema('teams', teamQuery), async (q, reply) =>
    xlsx(reply, 'teams', await exportTeams(deps, q.ctx, q.query)),
  );
  r.get('/api/v1/warehouses/export.xlsx', exportSchema('warehouses', warehouseQuery), async (q, reply) =>
    xlsx(reply, 'warehouses', await exportWarehouses(deps, q.ctx, q.query)),
  );
  r.get('/api/v1/supplies/stock/export.xlsx', exportSchema('stock', stockQuery), async (q, reply) =>
    xlsx(reply, 'stock', await exportStock(deps, q.ctx, q.query)),
  );
  r.get('/api/v1/shelters/export.xlsx', exportSchema('shelters', registryQuery), async (q, reply) =>
    xlsx(reply, 'shelters', await exportShelters(deps, q.ctx, q.query)),
  );
  r.get('/api/v1/equipment/export.xlsx', exportSchema('equipment', registryQuery), async (q, reply) =>
    xlsx(reply, 'equipment', await exportEquipment(deps, q.ctx, q.query)),
  );
  r.get('/api/v1/experts/export.xlsx', exportSchema('experts', registryQuery), async (q, reply) =>
    xlsx(reply, 'experts', await exportExperts(deps, q.ctx, q.query)),
  );

  await app.register(async (scope) => importRoutes(scope, deps));

  r.get(
    '/api/v1/supplies/movements',
    {
      config: { permission: 'resource.read' },
      schema: {
        tags: ['supplies'],
        summary: '出入库记录 Ledger movements in scope (status=in_transit: awaiting receipt)',
        querystring: movementQuery,
        response: { 200: listOf(movement) },
      },
    },
    async (q) => listMovements(deps, q.ctx, q.query),
  );
}

/**
 * 批量导入: an .xlsx sent as the raw body (Content-Type XLSX_TYPE, at most 5 MB). The parser for
 * that type is registered in this encapsulated scope only; the rest of the API stays JSON-only.
 */
async function importRoutes(app: FastifyInstance, deps: Deps) {
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();
  const imports = [
    { path: 'teams', run: importTeams, template: teamImportTemplate, summary: '救援队伍 Teams' },
    { path: 'warehouses', run: importWarehouses, template: warehouseImportTemplate, summary: '储备库 Warehouses' },
    { path: 'shelters', run: importShelters, template: shelterImportTemplate, summary: '应急避难场所 Shelters' },
    { path: 'equipment', run: importEquipment, template: equipmentImportTemplate, summary: '装备 Equipment' },
    { path: 'experts', run: importExperts, template: expertImportTemplate, summary: '专家 Experts' },
  ] as const;
  for (const g of imports) {
    r.post(
      `/api/v1/${g.path}/import`,
      {
        bodyLimit: IMPORT_MAX_BYTES,
        config: { permission: 'resource.manage' },
        // The import's own words for a file that is too large or not an .xlsx; anything else goes on.
        errorHandler: (err, request, reply) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
            return sendError(request, reply, 'IMPORT_FILE_TOO_LARGE', { limitBytes: IMPORT_MAX_BYTES });
          }
          if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
            return sendError(request, reply, 'IMPORT_FILE_INVALID', { contentType: XLSX_TYPE });
          }
          throw err;
        },
        schema: {
          tags: ['resources'],
          summary: `批量导入 Excel import: ${g.summary}`,
          description:
            `The .xlsx as the raw body (Content-Type ${XLSX_TYPE}, at most 5 MB, 1000 rows), columns as the export ` +
            "writes them. Every row is checked against the create schema and the caller's scope; if any row fails, " +
            'nothing is imported and the answer is 400 IMPORT_ROWS_INVALID with details [{row, field, column, code, message}].',
          consumes: [XLSX_TYPE],
          response: { 201: importResult, ...errors, 413: errorBody },
        },
      },
      async (q, reply) => {
        if (!Buffer.isBuffer(q.body)) throw new AppError('IMPORT_FILE_INVALID', { contentType: XLSX_TYPE });
        return reply.code(201).send(await g.run(deps, q.ctx, q.body));
      },
    );
    r.get(
      `/api/v1/${g.path}/import-template`,
      {
        config: { permission: 'resource.read' },
        schema: { tags: ['resources'], summary: `导入模板 Import template: ${g.summary}` },
      },
      async (q, reply) =>
        reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${g.path}-import-template.xlsx"`)
          .send(await g.template(q.ctx)),
    );
  }
}
