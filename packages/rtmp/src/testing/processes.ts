import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseAudioTagHeader, parseVideoTagHeader } from '../flv.tag.js';
import type { MediaTag } from '../media.tag.js';

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

/** A finished process: its exit code (null when killed) and the end of its stderr. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Child processes of a test, each in its own process group: `stopAll()` ends every group, so nothing outlives the
 * test, and nothing is ever killed by name.
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();

  /** Starts `command` detached (its own group), killing the group after `timeoutMs`. */
  run(command: string, args: string[], timeoutMs: number): { child: ChildProcess; done: Promise<Finished> } {
    const child = spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr = (stderr + s).slice(-8000);
    });
    child.stdin?.on('error', () => {}); // a process that exits early closes its stdin under our feet
    const timer = setTimeout(() => this.stop(child), timeoutMs);
    const done = new Promise<Finished>((resolve) => {
      child.once('close', (code) => {
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ code, stdout, stderr });
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ code: null, stdout, stderr: String(err) });
      });
    });
    return { child, done };
  }

  stop(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  stopAll(): void {
    for (const child of this.children) this.stop(child);
  }
}

/** FFmpeg publishing a test pattern and a tone over RTMP for `seconds`, in real time (`-re`). */
export function publisherArgs(url: string, seconds: number, extra: string[] = []): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine'],
    ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-c:a', 'aac'],
    ...extra,
    ...['-f', 'flv', url],
  ];
}

/**
 * The processes `parent` started whose command line holds every one of `args`: how a test finds the live transcoder
 * a platform process runs (`['pipe:0', '-progress']`), to end it by its own process group, never by name.
 */
export function childProcesses(parent: number, args: readonly string[]): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return ppid === parent && args.every((arg) => argv.includes(arg)) ? [Number(pid)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** The audio and video tags of an FLV file's bytes, as a publisher would have sent them (script tags left out). */
export function flvFileTags(bytes: Buffer): MediaTag[] {
  const tags: MediaTag[] = [];
  for (let at = bytes.readUInt32BE(5) + 4; at + 11 <= bytes.length; ) {
    const size = bytes.readUIntBE(at + 1, 3);
    const timestamp = (bytes.readUIntBE(at + 4, 3) | (bytes[at + 7]! << 24)) >>> 0;
    const body = bytes.subarray(at + 11, at + 11 + size);
    if (bytes[at] === 9) tags.push({ kind: 'video', timestamp, body, header: parseVideoTagHeader(body) });
    if (bytes[at] === 8) tags.push({ kind: 'audio', timestamp, body, header: parseAudioTagHeader(body) });
    at += 11 + size + 4;
  }
  return tags;
}
