export { createRealtimeHub, type RealtimeHub, type RealtimeHubDeps } from './realtime.hub.js';
export { createRealtimePublisher, type RealtimePublisher, realtimeChannel } from './realtime.publisher.js';
export { type RealtimeSettings, realtimeSettingsSchema, toRealtimeSettings } from './realtime.settings.js';
