import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RecordingFfmpeg {
  /** Give this as the ffmpeg path (`FfmpegPaths.ffmpeg` or `FFMPEG_PATH`). */
  path: string;
  /** The argv (after the binary) of every run so far, in the order they started. */
  runs(): Promise<string[][]>;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * An ffmpeg that writes down the arguments it was started with, then `exec`s the real one: the same process runs
 * the real work at the real cost, so a test or a benchmark can check exactly which commands a caller spawned.
 * The record of each run is a file in `dir` named by its start time in nanoseconds.
 */
export async function recordingFfmpeg(dir: string, realFfmpeg: string): Promise<RecordingFfmpeg> {
  const path = join(dir, 'ffmpeg');
  const script = [
    '#!/bin/sh',
    `printf '%s\\0' "$@" > ${quote(dir)}/"$(date +%s%N)".argv`,
    `exec ${quote(realFfmpeg)} "$@"`,
    '',
  ].join('\n');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return {
    path,
    async runs() {
      // Same-length nanosecond stamps: name order is start order.
      const files = (await readdir(dir)).filter((f) => f.endsWith('.argv')).sort();
      const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
      return texts.map((text) => text.split('\0').slice(0, -1));
    },
  };
}
