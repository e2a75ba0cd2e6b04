import { ApiError } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import {
  formatBitrate,
  formatClock,
  formatPercent,
  formatStartup,
  formatWatchTime,
  reportRefusal,
  stepLabel,
  timeZoneOf,
} from './analytics.words.js';

describe('chart steps in words', () => {
  const june10 = Date.parse('2026-06-10T00:00:00.000Z');

  it('names a day by its UTC date in any time zone', () => {
    // At UTC midnight it is still June 9 in Los Angeles and already 9 AM in Tokyo: the day is June 10 for both.
    expect(stepLabel(june10, 'day', 'America/Los_Angeles')).toBe('Jun 10');
    expect(stepLabel(june10, 'day', 'Asia/Tokyo')).toBe('Jun 10');
    expect(timeZoneOf('day', 'America/Los_Angeles')).toBe('UTC');
  });

  it('names hours and minutes in the creator’s time zone', () => {
    const t = Date.parse('2026-06-10T15:05:00.000Z');
    expect(stepLabel(t, 'hour', 'America/Los_Angeles')).toBe('Jun 10, 8 AM');
    expect(stepLabel(t, 'hour', 'Asia/Kolkata')).toBe('Jun 10, 8 PM');
    expect(stepLabel(t, 'minute', 'Asia/Tokyo')).toBe('12:05 AM');
    expect(timeZoneOf('minute', 'Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});

describe('numbers in words', () => {
  it('gives watch time in the unit that reads best', () => {
    expect(formatWatchTime(42.4)).toBe('42 s');
    expect(formatWatchTime(750)).toBe('13 min');
    expect(formatWatchTime(12_600)).toBe('3.5 h');
    expect(formatWatchTime(4_334_400)).toBe('1,204 h');
  });

  it('gives durations, shares, startup and bitrate as people read them', () => {
    expect(formatClock(42.6)).toBe('0:43');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatPercent(0.0042)).toBe('0.4 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.5)).toBe('50 %');
    expect(formatStartup(640.4)).toBe('640 ms');
    expect(formatStartup(1250)).toBe('1.3 s');
    expect(formatStartup(null)).toBe('No data');
    expect(formatBitrate(850_000)).toBe('850 kbps');
    expect(formatBitrate(2_400_000)).toBe('2.4 Mbps');
    expect(formatBitrate(null)).toBe('No data');
  });
});

describe('refusals in words', () => {
  it('says whose analytics these are on 403 and what is missing on 404', () => {
    const forbidden = new ApiError(403, 'not_analytics_owner', 'Only the channel’s owner and admins…');
    expect(reportRefusal(forbidden, 'video')?.message).toBe('Only the video’s owner and admins can see its analytics.');
    expect(reportRefusal(new ApiError(404, 'analytics_target_not_found', 'x'), 'stream')?.title).toBe(
      'No analytics for this stream',
    );
  });

  it('leaves other failures to the failed state with its retry', () => {
    expect(reportRefusal(new ApiError(0, 'network_error', 'offline'), 'channel')).toBeNull();
    expect(reportRefusal(new ApiError(500, 'internal_error', 'oops'), 'channel')).toBeNull();
    expect(reportRefusal(new Error('boom'), 'channel')).toBeNull();
  });
});
