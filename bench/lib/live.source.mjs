// What the live capacity benchmark's publishers send: a stream encoded once the way OBS sends 720p30 by default, then
// pushed in real time from the file by as many cheap FFmpeg processes as there are publishers (no encoding each).
import { spawn } from 'node:child_process';
import { naturalPictureArgs } from './transcode.ffmpeg.mjs';

/**
 * FFmpeg's argv (after the binary) making the publishers' file: a natural-looking moving picture (the transcode
 * benchmark's: a slow `mandelbrot` zoom rendered small and scaled up, a `testsrc2` card gliding over it, a little
 * sensor grain), H.264 as OBS's x264 defaults send it (`veryfast`, High profile, CBR: `maxrate` = `bufsize` = the
 * bitrate, B-frames as the preset has them, a keyframe every `keyframeSeconds` and none in between) and AAC stereo at
 * 48 kHz, in FLV. `seconds` should hold a whole number of keyframe intervals and of AAC frames (16 s: 750), so the loop
 * joins cleanly. Pure.
 */
export function publisherSourceArgs(path, { width, height, fps, seconds, bitrate, keyframeSeconds, audioBitrate }) {
  const gop = String(fps * keyframeSeconds);
  const size = (scale) => `${Math.round(width * scale)}x${Math.round(height * scale)}`;
  return [
    ...['-hide_banner', '-v', 'error', '-y'],
    ...naturalPictureArgs({ width, height, fps, seconds, background: size(0.5), card: size(0.375) }),
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-b:v', String(bitrate)],
    ...['-maxrate', String(bitrate), '-bufsize', String(bitrate), '-g', gop, '-keyint_min', gop, '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', String(audioBitrate), '-ac', '2', '-ar', '48000', '-f', 'flv', path],
  ];
}

/** A publisher: the file, looped, pushed at its own pace (`-re`) without re-encoding. Pure. */
export function publisherArgs(path, url) {
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    path,
    '-c',
    'copy',
    '-f',
    'flv',
    url,
  ];
}

/**
 * Starts a publisher in its own process group; `stop()` ends the group (SIGKILL: a publisher has nothing to finish),
 * and the scope does if nobody did. `pid` is FFmpeg's.
 */
export function startPublisher(scope, path, url) {
  const child = spawn('ffmpeg', publisherArgs(path, url), { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let running = true;
  const exited = new Promise((resolve) => {
    child.once('exit', (code) => {
      running = false;
      resolve(code);
    });
  });
  const stop = scope.defer(`stop the publisher to ${url}`, async () => {
    if (!running) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  });
  return { pid: child.pid, exited, isRunning: () => running, stderr: () => stderr, stop };
}
