import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** FFmpeg comes from the system (or FFMPEG_PATH); without it the platform runs, but cannot process video. */
export async function checkFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; message: string }> {
  const ffmpeg = env.FFMPEG_PATH ?? 'ffmpeg';
  try {
    const { stdout } = await run(ffmpeg, ['-hide_banner', '-version'], { timeout: 5_000 });
    return { ok: true, message: stdout.split('\n')[0] ?? 'ffmpeg' };
  } catch {
    return {
      ok: false,
      message: `FFmpeg was not found (${ffmpeg}): video processing is off. Install it with "sudo apt-get install ffmpeg" (Debian/Ubuntu) or "brew install ffmpeg" (macOS), or set FFMPEG_PATH.`,
    };
  }
}
