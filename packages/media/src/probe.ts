import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';

export type StreamKind = 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';

export interface ProbeStream {
  index: number;
  kind: StreamKind;
  codec: string | null;
  width: number | null;
  height: number | null;
  /** Frames per second (video), from `avg_frame_rate` else `r_frame_rate`. */
  frameRate: number | null;
  /** Degrees the picture must be turned for display (phones record portrait as rotated landscape). */
  rotation: number;
  /** Cover art attached to an audio file (a single picture, not a video). */
  attachedPicture: boolean;
}

/** What ffprobe says about a file; `readable: false` when it could not parse it at all. */
export interface ProbeResult {
  readable: boolean;
  /** ffprobe's own words when unreadable. */
  error: string | null;
  formatName: string | null;
  /** Seconds. */
  duration: number | null;
  /** Seconds: the presentation time the file starts at (a live recording keeps the stream's clock). */
  startTime?: number | null;
  /** Bytes. */
  size: number | null;
  streams: ProbeStream[];
  /** The container the file's first bytes announce, read without ffprobe; null when none we know. */
  signature: ContainerSignature | null;
}

export type ContainerSignature = 'mp4' | 'matroska' | 'avi' | 'flv' | 'mpegts' | 'mpegps' | 'ogg' | 'asf';

/** The container a file's first bytes (192 of them, for MPEG-TS's second sync byte) announce. Pure. */
export function sniffContainer(head: Uint8Array): ContainerSignature | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 8 && ['ftyp', 'moov', 'mdat', 'free', 'wide'].includes(ascii(4, 8))) return 'mp4';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 11) === 'AVI') return 'avi';
  if (ascii(0, 3) === 'FLV') return 'flv';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (head[0] === 0x00 && head[1] === 0x00 && head[2] === 0x01 && head[3] === 0xba) return 'mpegps';
  if (head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return 'asf';
  if (head[0] === 0x47 && head[188] === 0x47) return 'mpegts';
  return null;
}

const kinds: readonly StreamKind[] = ['video', 'audio', 'subtitle', 'data', 'attachment'];

function num(value: unknown): number | null {
  const n = typeof value === 'string' ? Number.parseFloat(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** `30000/1001` → 29.97; `0/0` → null. */
export function parseRate(rate: unknown): number | null {
  if (typeof rate !== 'string') return null;
  const [a, b] = rate.split('/').map(Number);
  if (a === undefined || !Number.isFinite(a) || a <= 0) return null;
  const fps = b === undefined ? a : b > 0 ? a / b : Number.NaN;
  return Number.isFinite(fps) && fps > 0 ? fps : null;
}

function rotationOf(stream: Record<string, any>): number {
  const tag = num(stream.tags?.rotate);
  const side = (stream.side_data_list as Record<string, unknown>[] | undefined)?.find((d) => 'rotation' in d);
  const degrees = tag ?? num(side?.rotation) ?? 0;
  return ((Math.round(degrees) % 360) + 360) % 360;
}

/** Turns ffprobe's JSON (`-show_format -show_streams`) into a ProbeResult. Pure. */
export function parseProbeJson(json: unknown): ProbeResult {
  const data = (json ?? {}) as { format?: Record<string, any>; streams?: Record<string, any>[] };
  const streams = (data.streams ?? []).map(
    (s, i): ProbeStream => ({
      index: typeof s.index === 'number' ? s.index : i,
      kind: kinds.includes(s.codec_type) ? s.codec_type : 'unknown',
      codec: typeof s.codec_name === 'string' ? s.codec_name : null,
      width: num(s.width),
      height: num(s.height),
      frameRate: parseRate(s.avg_frame_rate) ?? parseRate(s.r_frame_rate),
      rotation: rotationOf(s),
      attachedPicture: s.disposition?.attached_pic === 1,
    }),
  );
  return {
    readable: Boolean(data.format),
    error: data.format ? null : 'ffprobe found no container format.',
    formatName: typeof data.format?.format_name === 'string' ? data.format.format_name : null,
    duration: num(data.format?.duration),
    startTime: num(data.format?.start_time),
    size: num(data.format?.size),
    streams,
    signature: null,
  };
}

export interface ProbeOptions {
  ffprobePath: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs ffprobe on a local file. A file ffprobe cannot parse resolves `readable: false` with its message;
 * a missing ffprobe or a timeout rejects (those are the platform's problem, not the file's).
 */
export async function probe(path: string, opts: ProbeOptions): Promise<ProbeResult> {
  const file = await open(path, 'r');
  let size: number;
  let head: Uint8Array;
  try {
    size = (await file.stat()).size;
    const { buffer, bytesRead } = await file.read(Buffer.alloc(192), 0, 192, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  const facts = { size, signature: sniffContainer(head) };
  if (size === 0) return { ...parseProbeJson({}), ...facts, error: 'The file is empty.' };
  const parsed = await runFfprobe(path, opts);
  return { ...parsed, ...facts };
}

function runFfprobe(path: string, opts: ProbeOptions): Promise<ProbeResult> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path];
  return new Promise((resolve, reject) => {
    execFile(
      opts.ffprobePath,
      args,
      { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, signal: opts.signal },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error(`ffprobe was not found at "${opts.ffprobePath}".`));
          return;
        }
        if (error && (error.killed || error.name === 'AbortError')) {
          reject(new Error(`ffprobe did not finish: ${error.message}`));
          return;
        }
        let parsed: ProbeResult;
        try {
          parsed = parseProbeJson(JSON.parse(stdout || '{}'));
        } catch {
          parsed = parseProbeJson({});
        }
        if (error || !parsed.readable) {
          const message = stderr.trim().split('\n').slice(-3).join(' ') || 'ffprobe could not read the file.';
          resolve({ ...parsed, readable: false, error: message });
          return;
        }
        resolve(parsed);
      },
    );
  });
}
