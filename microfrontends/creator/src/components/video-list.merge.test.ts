import type { Video } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { mergePolledVideos } from './video-list.merge.js';

const now = Date.parse('2026-06-10T12:00:00Z');
const signed = (token: string, expiresAt: string | null) => ({
  hls: `/media/videos/v1/t/${token}/media/master.m3u8`,
  dash: `/media/videos/v1/t/${token}/media/manifest.mpd`,
  poster: `/media/videos/v1/t/${token}/poster.jpg`,
  thumbnail: `/media/videos/v1/t/${token}/thumbnail.jpg`,
  storyboard: null,
  expiresAt,
});
const video = (id: string, playback?: Video['playback']): Video =>
  ({ id, title: id, status: playback ? 'ready' : 'processing', playback }) as Video;

describe('mergePolledVideos', () => {
  it('keeps the signed URLs already shown while they stay valid', () => {
    const before = [video('v1', signed('old', '2026-06-10T14:00:00Z'))];
    const after = [video('v1', signed('new', '2026-06-10T14:00:01Z'))];
    expect(mergePolledVideos(before, after, now)[0]!.playback!.poster).toContain('/t/old/');
  });
  it('takes the fresh URLs when the old ones are about to expire', () => {
    const before = [video('v1', signed('old', '2026-06-10T12:03:00Z'))];
    const after = [video('v1', signed('new', '2026-06-10T14:03:00Z'))];
    expect(mergePolledVideos(before, after, now)[0]!.playback!.poster).toContain('/t/new/');
  });
  it('takes everything else from the new answer: new videos, new states, removed videos', () => {
    const before = [video('v1'), video('gone')];
    const after = [video('v2'), video('v1', signed('t', null))];
    const merged = mergePolledVideos(before, after, now);
    expect(merged.map((v) => v.id)).toEqual(['v2', 'v1']);
    expect(merged[1]!.status).toBe('ready');
    expect(merged[1]!.playback!.poster).toContain('/t/t/');
  });
});
