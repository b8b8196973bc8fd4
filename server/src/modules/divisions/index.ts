/** The divisions module's public surface. */
export { divisionRoutes } from './divisions.routes.js';
export {
  assertDivisionInScope,
  escapeLike,
  findDivision,
  inScope,
  listDivisions,
  seedDivisions,
} from './divisions.service.js';
export { divisions } from './divisions.table.js';
