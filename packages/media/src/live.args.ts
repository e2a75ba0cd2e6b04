import type { LivePlan } from './live.ladder.js';

/** Which output the muxer options are for: a video rung, or the audio. */
export type LiveOutput = { kind: 'video'; fps: number } | { kind: 'audio'; sampleRate: number; frameSamples: number };

/** The muxer options of each output (`-f mp4 -movflags … -frag_duration …`): the reader of the pipes decides them. */
export type LiveMux = (output: LiveOutput) => readonly string[];

/** AAC frames hold 1024 samples. */
const AAC_FRAME_SAMPLES = 1024;

/** Which file descriptor each output of `buildLiveArgs` is written to: video rungs in order, then the audio. */
export function liveOutputFds(plan: LivePlan, firstFd = 3): { video: number[]; audio: number | null } {
  const video = plan.video.map((_r, i) => firstFd + i);
  return { video, audio: plan.audio ? firstFd + plan.video.length : null };
}

/**
 * The argv (after the ffmpeg binary) of a live stream's transcoder: FLV read from stdin as the ingest receives it,
 * decoded once, each encoded rung scaled from the source and encoded by x264 tuned for latency (no B-frames, no
 * lookahead, constant bitrate under a one-second buffer), the passed-through rung copied, each rendition and the
 * audio written as fMP4 to its own pipe (`liveOutputFds`); progress (frames, speed) to stdout. Pure.
 */
export function buildLiveArgs(plan: LivePlan, opts: { mux: LiveMux; firstFd?: number }): string[] {
  const fds = liveOutputFds(plan, opts.firstFd);
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1'];
  args.push('-fflags', '+genpts', '-f', 'flv', '-i', 'pipe:0');
  const encoded = plan.video.map((r, i) => ({ r, i })).filter(({ r }) => !r.passthrough);
  if (encoded.length > 0) {
    const labels = encoded.map(({ i }) => `[s${i}]`).join('');
    const split = encoded.length > 1 ? `split=${encoded.length}${labels}` : `null${labels}`;
    // Frames are dropped only for a rung slower than the source: the fps filter re-times every frame it passes, and
    // a frame re-timed loses its place on the source's keyframe.
    const scales = encoded.map(({ r, i }) => {
      const fps = r.fps < plan.sourceFps ? `fps=${r.fps},` : '';
      return `[s${i}]${fps}scale=w=${r.width}:h=${r.height}:flags=bicubic,format=yuv420p[v${i}]`;
    });
    args.push('-filter_complex', [`[0:v:0]${split}`, ...scales].join(';'));
  }
  const keyframes =
    plan.keyframes === 'source'
      ? ['-force_key_frames', 'source']
      : ['-force_key_frames', `expr:gte(t,n_forced*${plan.keyframes})`];
  plan.video.forEach((r, i) => {
    if (r.passthrough) {
      args.push('-map', '0:v:0', '-c:v', 'copy');
    } else {
      const gop = String(Math.round(r.fps * (plan.keyframes === 'source' ? 2 : plan.keyframes)));
      args.push(
        '-map',
        `[v${i}]`,
        // Frames keep their source timestamps: no frame is duplicated or dropped to make a constant rate, which would
        // move every picture (and its keyframe) off the source's.
        '-fps_mode',
        'passthrough',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'zerolatency',
        '-profile:v',
        'high',
        '-b:v',
        String(r.bitrate),
        '-maxrate',
        String(r.bitrate),
        '-bufsize',
        String(r.bitrate),
        '-g',
        gop,
        '-sc_threshold',
        '0',
        ...keyframes,
      );
    }
    args.push('-an', '-map_metadata', '-1', ...opts.mux({ kind: 'video', fps: r.fps }), `pipe:${fds.video[i]}`);
  });
  if (plan.audio && fds.audio !== null) {
    args.push('-map', '0:a:0', '-vn');
    if (plan.audio.copy) args.push('-c:a', 'copy');
    else args.push('-c:a', 'aac', '-b:a', String(plan.audio.bitrate), '-ac', '2', '-ar', String(plan.audio.sampleRate));
    const audio = { kind: 'audio', sampleRate: plan.audio.sampleRate, frameSamples: AAC_FRAME_SAMPLES } as const;
    args.push('-map_metadata', '-1', ...opts.mux(audio), `pipe:${fds.audio}`);
  }
  return args;
}
