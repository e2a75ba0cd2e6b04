import { spawn, spawnSync } from 'node:child_process';
import { parseProgress } from './progress.parse.js';

export interface RunOptions {
  ffmpegPath: string;
  /** Seconds of media the run produces, to turn positions into percents. */
  duration?: number;
  onProgress?(percent: number): void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface RunResult {
  /** The last lines ffmpeg wrote to stderr (warnings with `-v error` are rare: usually empty). */
  stderr: string;
}

const STDERR_LINES = 12;
/** A line longer than this (no newline yet) is cut to its end: what ffmpeg says last is what explains a failure. */
const MAX_PARTIAL_LINE = 4096;

/** Rejection of a run: ffmpeg's own last words, so a log line or a failure reason says what went wrong. */
export class FfmpegRunError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'FfmpegRunError';
  }
}

/**
 * How ffmpeg is started so that it dies with the process that started it, even one killed with SIGKILL: on Linux
 * through util-linux's `setpriv --pdeathsig KILL`, which sets the parent-death signal and then execs ffmpeg. Found
 * once per process; elsewhere (no setpriv) ffmpeg is started directly and only its process group is killed on stop.
 */
let deathSignalPrefix: readonly string[] | undefined;
export function dieWithParent(): readonly string[] {
  if (deathSignalPrefix === undefined) {
    const probe =
      process.platform === 'linux'
        ? spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore', timeout: 5_000 })
        : undefined;
    deathSignalPrefix = probe?.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : [];
  }
  return deathSignalPrefix;
}

function summarise(lines: string[]): string {
  return lines.slice(-STDERR_LINES).join('\n').trim();
}

/**
 * Spawns ffmpeg with `args` in its own process group, made to die with this process (`dieWithParent`), reports
 * progress from `-progress pipe:1`, kills its group (SIGKILL) on abort or timeout, and rejects with the last stderr
 * lines when it fails.
 */
export function runFfmpeg(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(opts.signal.reason ?? new Error('The ffmpeg run was aborted.'));
      return;
    }
    const [wrapper, ...wrapperArgs] = dieWithParent();
    const command = wrapper ?? opts.ffmpegPath;
    const commandArgs = wrapper ? [...wrapperArgs, opts.ffmpegPath, ...args] : args;
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stderr: string[] = [];
    // The unfinished last line of stderr: a chunk may end mid-line, and a message cut in two would neither read
    // well nor match what `transcode` looks for in it.
    let partial = '';
    const lastLines = () => (partial.trim() === '' ? stderr : [...stderr, partial]);
    let pending = '';
    let lastPercent = -1;
    let stopReason: unknown;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // Progress blocks may be split across chunks: parse complete lines only.
      pending += chunk;
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return;
      const complete = pending.slice(0, cut);
      pending = pending.slice(cut + 1);
      const percent = parseProgress(complete, opts.duration ?? 0);
      if (percent !== null && percent !== lastPercent) {
        lastPercent = percent;
        opts.onProgress?.(percent);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = (lines.pop() ?? '').slice(-MAX_PARTIAL_LINE);
      for (const line of lines) if (line.trim() !== '') stderr.push(line);
      if (stderr.length > STDERR_LINES * 4) stderr.splice(0, stderr.length - STDERR_LINES);
    });

    const kill = (reason: unknown) => {
      stopReason ??= reason;
      try {
        // The whole group: anything ffmpeg started goes with it.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => kill(opts.signal?.reason ?? new Error('The ffmpeg run was aborted.'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(
            () =>
              kill(
                new FfmpegRunError(`ffmpeg did not finish within ${opts.timeoutMs} ms.`, summarise(lastLines()), null),
              ),
            opts.timeoutMs,
          )
        : undefined;

    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      const message =
        error.code === 'ENOENT'
          ? `ffmpeg was not found at "${opts.ffmpegPath}".`
          : `ffmpeg could not start: ${error.message}`;
      reject(new FfmpegRunError(message, '', null));
    });
    child.once('close', (code, signal) => {
      cleanup();
      if (stopReason !== undefined) {
        reject(stopReason);
        return;
      }
      const text = summarise(lastLines());
      if (wrapper && (code === 126 || code === 127) && /failed to execute/.test(text)) {
        reject(new FfmpegRunError(`ffmpeg was not found at "${opts.ffmpegPath}".`, '', null));
        return;
      }
      if (code === 0) {
        resolve({ stderr: text });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new FfmpegRunError(`ffmpeg ${how}${text ? `: ${text}` : '.'}`, text, code));
    });
  });
}
