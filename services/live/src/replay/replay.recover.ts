import { buffer } from 'node:stream/consumers';
import type { ObjectStorage } from '@framecast/adapters';
import { Fmp4Reader } from '@framecast/packager';
import type { ReplayPlan } from './replay.plan.js';

type Rendition = ReplayPlan['renditions'][number];

const SEGMENT = /^([a-z0-9_-]+)\/(\d+)\.m4s$/i;
const INIT = /^([a-z0-9_-]+)\/init\.mp4$/i;
/** Video rungs are named by their height (`720p`); the pipeline names the sound `audio`. */
const HEIGHT = /^(\d+)p$/;

/**
 * The renditions a stream's folder holds, from the names of its files (relative to the folder): each with an init
 * segment and segments numbered one after another from its first (up to the first gap), video highest first, then
 * the audio. What a stream whose process died left behind: no recording in memory says it any more. Pure.
 */
export function renditionsInFolder(files: readonly string[]): Rendition[] {
  const inits = new Set(files.flatMap((f) => INIT.exec(f)?.[1] ?? []));
  const numbers = new Map<string, Set<number>>();
  for (const file of files) {
    const match = SEGMENT.exec(file);
    if (!match || !inits.has(match[1]!)) continue;
    const set = numbers.get(match[1]!) ?? new Set();
    set.add(Number(match[2]));
    numbers.set(match[1]!, set);
  }
  const renditions = [...numbers].flatMap(([name, set]): Rendition[] => {
    const firstMsn = Math.min(...set);
    let lastMsn = firstMsn;
    while (set.has(lastMsn + 1)) lastMsn++;
    const kind = name === 'audio' ? 'audio' : HEIGHT.test(name) ? 'video' : null;
    return kind ? [{ name, kind, firstMsn, lastMsn }] : [];
  });
  const height = (r: Rendition) => Number(HEIGHT.exec(r.name)?.[1] ?? 0);
  const video = renditions.filter((r) => r.kind === 'video').sort((a, b) => height(b) - height(a));
  const audio = renditions.filter((r) => r.kind === 'audio');
  return video.length > 0 ? [...video, ...audio] : [];
}

/**
 * The replay of a stream whose ingest died, read back from its folder in storage (`prefix`, `live/<session>/`):
 * its renditions, and its length from the decode times of the top rendition's first and last segments. Null when it
 * holds no usable video.
 */
export async function recoverReplay(storage: ObjectStorage, prefix: string): Promise<ReplayPlan | null> {
  const files: string[] = [];
  for await (const object of storage.list(prefix)) files.push(object.key.slice(prefix.length));
  const renditions = renditionsInFolder(files);
  const top = renditions[0];
  if (!top) return null;
  const read = async (name: string) => buffer((await storage.get(`${prefix}${top.name}/${name}`)).body);
  const [init, first, last] = await Promise.all([
    read('init.mp4'),
    read(`${top.firstMsn}.m4s`),
    read(`${top.lastMsn}.m4s`),
  ]);
  const span = (segment: Buffer) => {
    const reader = new Fmp4Reader();
    let timescale = 0;
    const times: number[] = [];
    for (const item of reader.push(new Uint8Array(Buffer.concat([init, segment])))) {
      if (item.type === 'init') timescale = item.init.timescale;
      else times.push(item.fragment.baseDecodeTime, item.fragment.baseDecodeTime + item.fragment.duration);
    }
    if (!timescale || times.length === 0) throw new Error(`a segment of ${prefix}${top.name} holds no media`);
    return { start: Math.min(...times) / timescale, end: Math.max(...times) / timescale };
  };
  const duration = span(last).end - span(first).start;
  return { duration: Math.round(duration * 1000) / 1000, renditions };
}
