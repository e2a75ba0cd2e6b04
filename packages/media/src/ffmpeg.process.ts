import { type ChildProcess, type IOType, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { dieWithParent } from './ffmpeg.run.js';

/** What an FFmpeg process said last, kept to explain why it stopped. */
const STDERR_KEEP = 4096;

export interface FfmpegProcess {
  /** Its process id (and process group's), once spawned. */
  readonly pid: number | undefined;
  /** FFmpeg's stdin: what it reads as `pipe:0`. */
  stdin: Writable;
  /** The outputs it writes as `pipe:3`, `pipe:4`…, in that order. */
  outputs: Readable[];
  /** The latest `-progress pipe:1` values (`speed`, `frame`, `out_time_us`…), as FFmpeg wrote them. */
  progress(): Readonly<Record<string, string>>;
  /** Resolves when the process is gone, with how it ended and its last words; never rejects. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; error?: Error }>;
  /** Ends the process group: SIGTERM, then SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a long-running FFmpeg (a live transcoder) with its stdin and `outputs` extra pipes, in its own process group
 * and made to die with this process (`dieWithParent`); `stop` ends the group. Unlike `runFfmpeg`, it does not wait:
 * the caller reads and writes the pipes while it runs.
 */
export function startFfmpeg(args: readonly string[], opts: { ffmpegPath: string; outputs: number }): FfmpegProcess {
  const [wrapper, ...wrapperArgs] = dieWithParent();
  const command = wrapper ?? opts.ffmpegPath;
  const commandArgs = wrapper ? [...wrapperArgs, opts.ffmpegPath, ...args] : [...args];
  const stdio: IOType[] = Array.from({ length: 3 + opts.outputs }, () => 'pipe');
  const child: ChildProcess = spawn(command, commandArgs, { stdio, detached: true });
  const values: Record<string, string> = {};
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq > 0) values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  // A write after FFmpeg stopped reading (it failed, or was stopped) is not an error of ours: `exited` says why.
  child.stdin!.on('error', () => {});
  const exited = new Promise<Awaited<FfmpegProcess['exited']>>((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('close', (code, signal) =>
      resolve({ code, signal, stderr: stderr.trim(), ...(spawnError ? { error: spawnError } : {}) }),
    );
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    pid: child.pid,
    stdin: child.stdin!,
    outputs: Array.from({ length: opts.outputs }, (_, i) => child.stdio[3 + i] as Readable),
    progress: () => values,
    exited,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
