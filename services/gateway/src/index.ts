export { gatewayModule } from './gateway.module.js';
