export type {
  SrtAuthorize,
  SrtAuthorizeRequest,
  SrtAuthorizeResult,
} from './srt.authorize.js';
export { SrtError, type SrtErrorCode } from './srt.error.js';
export { defaultSrtLimits, type SrtLimits } from './srt.limits.js';
export type { SrtLogger } from './srt.logger.js';
export { rejectReasons, type SrtRefusalCode, type SrtRejectReason } from './srt.reject.js';
export { createSrtServer, type SrtServer, type SrtServerOptions } from './srt.server.js';
export type { SrtSession, SrtSessionEnd, SrtSessionEndReason } from './srt.session.js';
export type { SrtStats } from './srt.stats.js';
