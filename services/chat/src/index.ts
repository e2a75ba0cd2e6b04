export { chatModule } from './chat.module.js';
