import type { TranscodeResult, Video } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import type { Account, VideoHarness } from './video.harness.js';
import { multipartBody } from './video.harness.js';

export const CLIP = Buffer.alloc(100, 7);

/** Uploads a small file through `POST /api/videos`; returns the created video. */
export async function upload(
  h: VideoHarness,
  who: Account,
  fields: Record<string, string> = {},
  bytes: Buffer = CLIP,
): Promise<Video> {
  const body = multipartBody(
    { title: 'A clip', visibility: 'public', ...fields },
    { name: 'clip.mp4', type: 'video/mp4', bytes },
  );
  const res = await h.rt.app.inject({
    method: 'POST',
    url: '/api/videos',
    ...body,
    headers: { ...body.headers, ...who.auth },
  });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json<Video>();
}

export function resultFor(videoId: string): TranscodeResult {
  return {
    videoId,
    duration: 12.5,
    width: 1280,
    height: 720,
    renditions: [
      { name: '720p', width: 1280, height: 720, bitrate: 3_000_000, codecs: 'avc1.64001f,mp4a.40.2' },
      { name: '360p', width: 640, height: 360, bitrate: 800_000, codecs: 'avc1.64001e,mp4a.40.2' },
    ],
    outputs: {
      hls: 'media/master.m3u8',
      dash: 'media/manifest.mpd',
      poster: 'poster.jpg',
      thumbnail: 'thumbnail.jpg',
      storyboard: 'storyboard.vtt',
    },
  };
}

/** Drives a video to `ready` the way the transcoder would, by its `transcode.completed` event. */
export async function makeReady(h: VideoHarness, who: Account, videoId: string): Promise<Video> {
  await h.publish('transcode.completed', resultFor(videoId));
  return eventually(async () => {
    const res = await h.rt.app.inject({ url: `/api/videos/${videoId}`, headers: who.auth });
    const video = res.json<Video>();
    if (video.status !== 'ready') throw new Error(`video is ${video.status}`);
    return video;
  });
}
