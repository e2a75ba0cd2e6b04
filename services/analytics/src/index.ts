export { analyticsModule } from './analytics.module.js';
