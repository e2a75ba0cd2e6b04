import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Readable } from 'node:stream';

/** What one caller's FFmpeg is started with. */
export interface ListenerPlan {
  /** The loopback UDP port its libsrt listener binds. */
  port: number;
  passphrase: string;
  /** The caller's key length, from its KMREQ; libsrt's default (16) when unknown. */
  keyLength: 16 | 24 | 32 | undefined;
  /** How long FFmpeg reads before it writes the FLV header: the delay to the first tag. */
  analyzeDurationMs: number;
  /** FFmpeg gives up waiting for its one caller after this. */
  listenTimeoutMs: number;
}

/**
 * FFmpeg's arguments: a libsrt listener on loopback with the stream's passphrase (libsrt checks the caller's key
 * against it and refuses a wrong one), MPEG-TS in (what SRT publishers send), the first video and audio streams
 * copied into FLV on stdout, flushed per packet. Passed as options, not in the URL, so no escaping is needed; they
 * are still on FFmpeg's command line, which local users of the host can read.
 */
export function listenerArgs(plan: ListenerPlan): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-analyzeduration', String(plan.analyzeDurationMs * 1000), '-f', 'mpegts'],
    ...['-passphrase', plan.passphrase, ...(plan.keyLength === undefined ? [] : ['-pbkeylen', String(plan.keyLength)])],
    ...['-listen_timeout', String(plan.listenTimeoutMs * 1000)],
    ...['-i', `srt://127.0.0.1:${plan.port}?mode=listener`],
    ...['-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy'],
    ...['-f', 'flv', '-flvflags', 'no_duration_filesize', '-flush_packets', '1', 'pipe:1'],
  ];
}

/** How FFmpeg ended: its exit code (null when a signal ended it), the signal, and the end of its stderr. */
export interface ListenerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The last bytes of stderr kept for the end's message. */
const STDERR_TAIL = 4000;

/**
 * One FFmpeg, in its own process group (`detached`): it is ended through the group, so nothing it started outlives
 * it, and never by name.
 */
export class ListenerProcess {
  readonly stdout: Readable;
  /** Resolves when the process has exited (its stdout may still hold FLV for the reader); never rejects. */
  readonly exited: Promise<ListenerExit>;
  private readonly child: ChildProcess;
  private stderr = '';
  private exit: ListenerExit | undefined;

  constructor(ffmpegPath: string, args: string[]) {
    this.child = spawn(ffmpegPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.stdout = this.child.stdout!;
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_TAIL);
    });
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null, extra = '') => {
        if (this.exit !== undefined) return;
        this.exit = { code, signal, stderr: (this.stderr + extra).trim() };
        resolve(this.exit);
      };
      this.child.once('exit', (code, signal) => done(code, signal));
      this.child.once('error', (err) => done(null, null, String(err)));
    });
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** SIGTERM to the group (FFmpeg finishes its output and closes the SRT socket), SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<ListenerExit> {
    if (this.exit !== undefined) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || this.exit !== undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}

/**
 * A UDP port free on loopback now. FFmpeg binds it a moment later: another process may take it between, and then
 * FFmpeg exits at once and the caller is refused; nothing worse.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
