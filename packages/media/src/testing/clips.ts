import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClipSpec {
  width: number;
  height: number;
  seconds: number;
  fps?: number;
  audio?: boolean;
  /** Moves the index to the front, as streaming uploads usually have it. */
  faststart?: boolean;
}

/** A small generated H.264/AAC MP4 (`testsrc2` picture, `sine` tone), for tests of the real pipeline. */
export async function makeClip(path: string, spec: ClipSpec, ffmpeg = 'ffmpeg'): Promise<void> {
  const fps = spec.fps ?? 25;
  const args = ['-hide_banner', '-v', 'error', '-y'];
  args.push('-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${fps}:duration=${spec.seconds}`);
  if (spec.audio !== false)
    args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${spec.seconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (spec.audio !== false) args.push('-c:a', 'aac', '-b:a', '64k');
  if (spec.faststart) args.push('-movflags', '+faststart');
  args.push(path);
  await run(ffmpeg, args);
}

/** An audio-only M4A file. */
export async function makeAudioOnly(path: string, seconds: number, ffmpeg = 'ffmpeg'): Promise<void> {
  await run(ffmpeg, [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:a',
    'aac',
    path,
  ]);
}

/** Presentation times (seconds) of the keyframes of the first video stream of a file or playlist. */
export async function keyframeTimes(path: string, ffprobe = 'ffprobe'): Promise<number[]> {
  const { stdout } = await run(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,flags',
    '-of',
    'csv=p=0',
    path,
  ]);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(','))
    .filter(([, flags]) => flags?.startsWith('K'))
    .map(([pts]) => Number(pts));
}

/** Width, height and duration of the first video stream, as ffprobe reads them. */
export async function videoFacts(
  path: string,
  ffprobe = 'ffprobe',
): Promise<{ width: number; height: number; duration: number }> {
  const { stdout } = await run(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height:format=duration',
    '-of',
    'json',
    path,
  ]);
  const data = JSON.parse(stdout) as { streams: { width: number; height: number }[]; format: { duration: string } };
  return { width: data.streams[0]!.width, height: data.streams[0]!.height, duration: Number(data.format.duration) };
}
