export { createVideoModule, videoModule } from './video.module.js';
export { readVideoSettings, type VideoSettings, videoSettingsSchema } from './video.settings.js';
