import { describe, expect, it } from 'vitest';
import { dashCmcdSettings, hlsCmcdConfig } from './cmcd.config.js';

const who = { sessionId: '0b6f4c1e-8a0d-4d8f-9c3e-1f2a3b4c5d6e', contentId: 'video-1' };

describe('CMCD settings', () => {
  it('send the session and content ids as a query argument in hls.js', () => {
    expect(hlsCmcdConfig(who)).toEqual({ sessionId: who.sessionId, contentId: 'video-1', useHeaders: false });
  });

  it('turn CMCD on in dash.js in query mode, with our ids over the MPD’s', () => {
    expect(dashCmcdSettings(who).streaming.cmcd).toMatchObject({
      enabled: true,
      applyParametersFromMpd: false,
      sid: who.sessionId,
      cid: 'video-1',
      mode: 'query',
    });
  });
});
