import type { CMCDControllerConfig } from 'hls.js';
import type { CmcdIdentity } from './engine.js';

/**
 * hls.js's CMCD: version 1 keys on every playlist and segment request, as the `CMCD` query argument (headers would
 * make every cross-origin request a preflighted one). Pure.
 */
export function hlsCmcdConfig({ sessionId, contentId }: CmcdIdentity): CMCDControllerConfig {
  return { sessionId, contentId, useHeaders: false };
}

/**
 * dash.js's CMCD settings (`updateSettings`): on, in query mode, on manifest and segment requests, with our ids rather
 * than any the MPD might carry. Pure.
 */
export function dashCmcdSettings({ sessionId, contentId }: CmcdIdentity) {
  return {
    streaming: {
      cmcd: {
        enabled: true,
        applyParametersFromMpd: false,
        sid: sessionId,
        cid: contentId,
        mode: 'query' as const,
        includeInRequests: ['segment', 'mpd'],
      },
    },
  };
}
