/** The organisations-and-users module's public surface. */
export { orgRoutes } from './org.routes.js';
export {
  createOrganization,
  createUser,
  getOrganization,
  getUser,
  listOrganizations,
  listUsers,
  updateOrganization,
  updateUser,
} from './org.service.js';
export { organizations, users } from './org.table.js';
