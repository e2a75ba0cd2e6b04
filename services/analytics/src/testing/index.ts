export { type AnalyticsHarness, playback, played, startAnalyticsModule } from './analytics.harness.js';
