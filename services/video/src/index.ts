export { createVideoModule, videoModule } from './video.module.js';
export { readVideoSettings, type VideoSettings } from './video.settings.js';
