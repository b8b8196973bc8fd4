import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createOrganizationBody,
  createUserBody,
  errorBody,
  listOf,
  organization,
  organizationQuery,
  updateOrganizationBody,
  updateUserBody,
  user,
  userQuery,
  uuid,
} from '@yingji/contracts';
import type { Deps } from '../../platform/deps.js';
import {
  createOrganization,
  createUser,
  getOrganization,
  getUser,
  listOrganizations,
  listUsers,
  updateOrganization,
  updateUser,
} from './org.service.js';

const idParams = z.object({ id: uuid });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export async function orgRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/organizations',
    {
      config: { permission: 'organization.read' },
      schema: {
        tags: ['organizations'],
        summary: '单位列表 List organisations in scope',
        querystring: organizationQuery,
        response: { 200: listOf(organization) },
      },
    },
    async (request) => listOrganizations(deps, request.ctx, request.query),
  );
  r.get(
    '/api/v1/organizations/:id',
    {
      config: { permission: 'organization.read' },
      schema: { tags: ['organizations'], params: idParams, response: { 200: organization, ...errors } },
    },
    async (request) => getOrganization(deps, request.ctx, request.params.id),
  );
  r.post(
    '/api/v1/organizations',
    {
      config: { permission: 'organization.create' },
      schema: {
        tags: ['organizations'],
        summary: '新增单位 Create an organisation',
        body: createOrganizationBody,
        response: { 201: organization, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createOrganization(deps, request.ctx, request.body)),
  );
  r.patch(
    '/api/v1/organizations/:id',
    {
      config: { permission: 'organization.update' },
      schema: {
        tags: ['organizations'],
        params: idParams,
        body: updateOrganizationBody,
        response: { 200: organization, ...errors },
      },
    },
    async (request) => updateOrganization(deps, request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/v1/users',
    {
      config: { permission: 'user.read' },
      schema: {
        tags: ['users'],
        summary: '用户列表 List users in scope',
        querystring: userQuery,
        response: { 200: listOf(user) },
      },
    },
    async (request) => listUsers(deps, request.ctx, request.query),
  );
  r.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['users'], params: idParams, response: { 200: user, ...errors } },
    },
    async (request) => getUser(deps, request.ctx, request.params.id),
  );
  r.post(
    '/api/v1/users',
    {
      config: { permission: 'user.create' },
      schema: {
        tags: ['users'],
        summary: '新增用户 Create a user',
        body: createUserBody,
        response: { 201: user, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(deps, request.ctx, request.body)),
  );
  r.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'user.update' },
      schema: { tags: ['users'], params: idParams, body: updateUserBody, response: { 200: user, ...errors } },
    },
    async (request) => updateUser(deps, request.ctx, request.params.id, request.body),
  );
}
