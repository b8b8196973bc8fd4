/** The resources module's public surface. */
export { resourceRoutes } from './resources.routes.js';
export { listStock, listTeams, listWarehouses, recordMovement, seedDemoResources } from './resources.service.js';
export { divisionPopulation, equipmentComplianceRate, shelterAreaPerResident } from './resources.stats.js';
