// Where the time between "upload finished" and "playable" goes, seen from outside the server: the processes it
// starts (ffprobe, the two ffmpeg runs), its transcode scratch folder and the stored outputs, polled every few
// milliseconds. Nothing in the server is changed or slowed to be observed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { childrenOf, commandLine, ownCpuSeconds } from './processes.mjs';

/** The largest file directly in `dir` (0 when there is none). */
function largestFile(dir) {
  let largest = 0;
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      largest = Math.max(largest, statSync(join(dir, name)).size);
    } catch {
      // Renamed or removed while we looked.
    }
  }
  return largest;
}

/**
 * Starts watching the Framecast process `pid` whose data folder is `dataDir`, during and after an upload of `size`
 * bytes. Times are `performance.now()` of this process, comparable with the client's own marks. `received` is when
 * the server had written the whole upload to its first file (the tus upload folder, or the storage's temporary file
 * of a multipart upload). `video(id)` names the video whose stored outputs to look for; `stop()` returns the marks.
 */
export function watchTranscode({ pid, dataDir, size, intervalMs = 5 }) {
  const work = join(dataDir, 'transcode');
  const runs = new Map();
  const marks = { received: null, picked: null, released: null, stored: null, runs: [] };
  // The server's own CPU (its threads, not ffmpeg) at each poll: `cpuAt(t)` reads it as of a moment of the client's,
  // even when this process was not scheduled right then, and without the transcode that starts as an upload ends.
  const cpu = [{ at: performance.now(), seconds: ownCpuSeconds(pid) }];
  let videoId = null;
  const poll = () => {
    const now = performance.now();
    cpu.push({ at: now, seconds: ownCpuSeconds(pid) });
    if (marks.received === null) {
      const written = Math.max(largestFile(join(dataDir, 'uploads')), largestFile(join(dataDir, 'storage/.tmp')));
      if (written >= size) marks.received = now;
    }
    const alive = new Set(childrenOf(pid));
    for (const child of alive) {
      let run = runs.get(child);
      if (!run) {
        run = { program: null, start: now, end: null };
        runs.set(child, run);
        marks.runs.push(run);
      }
      // Between fork and exec a child still shows the server's own command line (or none): look again later.
      if (run.program === null) {
        const program = basename(commandLine(child)?.[0] ?? '');
        if (program.startsWith('ff')) run.program = program;
      }
    }
    for (const [child, run] of runs) if (run.end === null && !alive.has(child)) run.end = now;
    const scratch = existsSync(work) && readdirSync(work).length > 0;
    if (scratch && marks.picked === null) marks.picked = now;
    if (!scratch && marks.picked !== null && marks.released === null) marks.released = now;
    if (videoId && marks.stored === null && existsSync(join(dataDir, 'storage/videos', videoId, 'media/master.m3u8')))
      marks.stored = now;
  };
  const timer = setInterval(poll, intervalMs);
  return {
    video(id) {
      videoId = id;
    },
    /** The server's CPU seconds as of the last poll at or before `at`. */
    cpuAt(at) {
      let last = cpu[0];
      for (const sample of cpu) if (sample.at <= at) last = sample;
      return last.seconds;
    },
    stop() {
      poll();
      clearInterval(timer);
      return marks;
    },
  };
}

/** Seconds between marks, each stage from the end of the one before it (an earlier mark makes its stage 0). Pure. */
function stagesFrom(start, points) {
  let cursor = start;
  return points.map(([stage, at]) => {
    const seconds = Math.max(0, at - cursor) / 1000;
    cursor = Math.max(cursor, at);
    return { stage, seconds };
  });
}

/**
 * The stages from `uploaded` (the last upload request answered) to `playable` (the API gave playback URLs and the
 * first segment was fetched), then on to `ready` (the whole ladder), in seconds, from the watcher's marks and the
 * client's (`listed`: when the API first answered with playback URLs). The server runs ffprobe, then ffmpeg three
 * times: the lowest renditions, the pictures, the rest of the ladder. Pure.
 */
export function stageBreakdown({ uploaded, listed, playable, ready, picked, stored, released, runs }) {
  const ffprobe = runs.find((r) => r.program === 'ffprobe');
  const [first, pictures, rest] = runs.filter((r) => r.program === 'ffmpeg');
  // A ladder of two rungs or fewer takes one run: then there is no run 2.
  if (!ffprobe || !first || !pictures || picked === null || stored === null || (rest && rest.end === null)) {
    throw new Error(`The transcode was not seen whole: ${JSON.stringify({ picked, stored, runs })}`);
  }
  const stages = stagesFrom(uploaded, [
    ['queue: job delivered to the transcoder', picked],
    ['download of the original from storage', ffprobe.start],
    ['probe (ffprobe)', first.start],
    ['ffmpeg run 1: the lowest renditions and the audio', first.end],
    ['reading its manifest; ffmpeg: poster and storyboard', pictures.end],
    ['manifests written, outputs moved into storage', stored],
    ['event round trip until the API gives playback URLs', listed],
    ['first segment fetched (playlists, init, segment)', playable],
  ]);
  const rest_ = stagesFrom(playable, [
    ['ffmpeg run 2: the rest of the ladder (started with the move above)', rest ? rest.end : playable],
    ['manifests rewritten, outputs moved, until the API says ready', ready],
  ]);
  return {
    stages,
    restStages: rest_,
    total: (playable - uploaded) / 1000,
    ready: (ready - uploaded) / 1000,
    ffmpegFirst: (first.end - first.start + pictures.end - pictures.start) / 1000,
    ffmpeg: (first.end - first.start + pictures.end - pictures.start + (rest ? rest.end - rest.start : 0)) / 1000,
    /** The job as the transcoder's own metric counts it: picked up to outputs stored. */
    job: (stored - picked) / 1000,
    released: released === null ? null : (released - uploaded) / 1000,
  };
}
