export { SupervisionPage as default } from './HazardsPage';
