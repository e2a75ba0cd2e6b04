export { liveModule } from './live.module.js';
export { type LiveSettings, liveSettingsSchema } from './live.settings.js';
