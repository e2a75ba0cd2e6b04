import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import Type from 'typebox';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

export type FfmpegLookup = ({ ok: true } & FfmpegPaths) | { ok: false; reason: string };

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function locate(name: string, override: string | undefined, path: string): Promise<string | null> {
  if (override) return (await executable(override)) ? override : null;
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (await executable(candidate)) return candidate;
  }
  return null;
}

/** Finds ffmpeg and ffprobe: `FFMPEG_PATH` / `FFPROBE_PATH` when set, else on `PATH`. */
export async function findFfmpeg(env: Record<string, string | undefined>): Promise<FfmpegLookup> {
  const path = env.PATH ?? '';
  const [ffmpeg, ffprobe] = await Promise.all([
    locate('ffmpeg', env.FFMPEG_PATH, path),
    locate('ffprobe', env.FFPROBE_PATH, path),
  ]);
  if (ffmpeg && ffprobe) return { ok: true, ffmpeg, ffprobe };
  const missing = [
    ffmpeg ? null : env.FFMPEG_PATH ? `FFMPEG_PATH (${env.FFMPEG_PATH}) is not an executable` : 'ffmpeg is not on PATH',
    ffprobe
      ? null
      : env.FFPROBE_PATH
        ? `FFPROBE_PATH (${env.FFPROBE_PATH}) is not an executable`
        : 'ffprobe is not on PATH',
  ].filter(Boolean);
  return {
    ok: false,
    reason: `FFmpeg is not installed: ${missing.join('; ')}. Install it with "sudo apt-get install ffmpeg" (Debian, Ubuntu) or "brew install ffmpeg" (macOS), or set FFMPEG_PATH and FFPROBE_PATH.`,
  };
}

/** The variables naming FFmpeg's binaries; each module that runs FFmpeg declares them among its settings. */
export const ffmpegSettingsSchema = Type.Object({
  FFMPEG_PATH: Type.Optional(Type.String({ minLength: 1 })),
  FFPROBE_PATH: Type.Optional(Type.String({ minLength: 1 })),
});
