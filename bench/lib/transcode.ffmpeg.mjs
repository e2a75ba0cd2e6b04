// FFmpeg runs for the transcode benchmark: timed (CPU seconds of the process tree from /usr/bin/time), the
// PeerTube-style ladder (one process per rendition), and PSNR of renditions against the source.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { machineBusySeconds } from './processes.mjs';

const TIME = '/usr/bin/time';

/**
 * Runs `command args` under /usr/bin/time: user + system CPU seconds of it and every child it waited for, and wall
 * seconds; `otherCpu` is what the rest of the machine used meanwhile (the benchmark's own process included).
 * Rejects with the command's last output when it fails.
 */
export function timed(command, args, { cwd, env } = {}) {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (Debian package "time"); it measures CPU seconds.`);
  return new Promise((resolve, reject) => {
    const busyBefore = machineBusySeconds();
    const child = spawn(TIME, ['-f', 'FRAMECAST_TIME %U %S %e', command, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /FRAMECAST_TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !m) {
        reject(new Error(`${command} failed (${code}):\n${stderr.split('\n').slice(-10).join('\n')}`));
        return;
      }
      const cpu = Number(m[1]) + Number(m[2]);
      const otherCpu = Math.max(0, machineBusySeconds() - busyBefore - cpu);
      resolve({ cpu, wall: Number(m[3]), otherCpu, stderr });
    });
  });
}

/** A testsrc2 picture with film-grain-like noise (so the encoder has real work) and a tone, H.264/AAC. */
export function sourceArgs(path, { width, height, fps, seconds }) {
  return [
    ...['-hide_banner', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...['-vf', 'noise=alls=12:allf=t', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', path],
  ];
}

/**
 * The inputs and filter graph (argv, up to the encoder) of a natural-looking, moving picture with sound: a slow
 * `mandelbrot` zoom rendered at `background` and scaled up to `width`×`height` so it is smooth, a `testsrc2` card of
 * `card` gliding over it, a little sensor grain, and a beeping tone; `[v]` and input 2's audio mapped, `seconds` long.
 * Deterministic. Pure.
 */
export function naturalPictureArgs({ width, height, fps, seconds, background, card }) {
  const frames = fps * seconds;
  const graph = [
    `[0:v]scale=${width}:${height}:flags=bicubic[bg]`,
    `[bg][1:v]overlay=x='(W-w)/2+(W-w)/2*sin(t/3)':y='(H-h)/2+(H-h)/3*cos(t/2)',noise=alls=3:allf=t,format=yuv420p[v]`,
  ].join(';');
  return [
    ...['-f', 'lavfi', '-i'],
    `mandelbrot=size=${background}:rate=${fps}:start_scale=3:end_scale=0.3:end_pts=${frames}:maxiter=256`,
    ...['-f', 'lavfi', '-i', `testsrc2=size=${card}:rate=${fps}`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:beep_factor=2'],
    ...['-filter_complex', graph, '-map', '[v]', '-map', '2:a', '-t', String(seconds)],
  ];
}

/**
 * What a phone sends: the natural-looking picture (`naturalPictureArgs`), H.264 High at about `bitrate` (VBV-capped,
 * 2 s GOP) and 128 kbit/s AAC. Deterministic: the same bytes every run.
 */
export function realisticSourceArgs(path, { width, height, fps, seconds, bitrate }) {
  return [
    ...['-hide_banner', '-v', 'error', '-y'],
    ...naturalPictureArgs({ width, height, fps, seconds, background: '640x360', card: '480x270' }),
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-b:v', String(bitrate)],
    ...['-maxrate', String(Math.round(bitrate * 1.25)), '-bufsize', String(bitrate * 2), '-g', String(fps * 2)],
    ...['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-movflags', '+faststart', path],
  ];
}

/**
 * One rendition the way PeerTube encodes it (its default x264 VOD profile): its own ffmpeg process that decodes the
 * source and scales from it, `-preset veryfast`, x264's default CRF 23 under `-maxrate`/`-bufsize` (2×), a GOP of
 * two seconds, `-bf 16 -b_strategy 1 -level:v 3.1`, AAC audio in every rendition.
 */
export function peerTubeArgs(source, rung, fps, out) {
  return [
    ...['-hide_banner', '-v', 'error', '-y', '-i', source],
    ...['-vf', `scale=w=${rung.width}:h=${rung.height}`, '-c:v', 'libx264', '-preset', 'veryfast', '-r', String(fps)],
    ...['-maxrate:v', String(rung.maxrate), '-bufsize:v', String(rung.maxrate * 2), '-g:v', String(fps * 2)],
    ...['-level:v', '3.1', '-b_strategy', '1', '-bf', '16', '-pix_fmt', 'yuv420p', '-map_metadata', '-1'],
    ...['-c:a', 'aac', '-b:a', '128k', '-movflags', 'faststart', out],
  ];
}

/**
 * PSNR (average over Y, U, V, in dB) of each rendition against the source scaled to its size, in one ffmpeg run
 * that decodes the source once. `renditions` are `{ path, width, height }`.
 */
export async function psnr(ffmpeg, source, renditions) {
  const inputs = ['-i', source, ...renditions.flatMap((r) => ['-i', r.path])];
  const n = renditions.length;
  const split = `[0:v]split=${n}${renditions.map((_, i) => `[s${i}]`).join('')}`;
  const pairs = renditions.map(
    (r, i) => `[s${i}]scale=w=${r.width}:h=${r.height}:flags=bicubic[ref${i}];[${i + 1}:v][ref${i}]psnr[p${i}]`,
  );
  const args = ['-hide_banner', '-v', 'info', '-nostats', ...inputs, '-filter_complex', [split, ...pairs].join(';')];
  for (let i = 0; i < n; i++) args.push('-map', `[p${i}]`, '-f', 'null', '-');
  const { stderr } = await timed(ffmpeg, args);
  const values = [...stderr.matchAll(/Parsed_psnr_(\d+).*average:([\d.]+|inf)/g)];
  // Filter instance numbers grow with the graph; their order is the renditions' order.
  const ordered = values.sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => Number(m[2]));
  if (ordered.length !== n) throw new Error(`Expected ${n} PSNR lines from ffmpeg, found ${ordered.length}.`);
  return ordered;
}
