import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRabbit, createDiskStorage, type DomainEvent } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import { eventually } from '@framecast/kit/testing';
import { makeClip } from '@framecast/media/testing';
import amqp from 'amqplib';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, startFramecast } from '../../../test/processes.js';

// Transcoders as separate processes on this machine's PostgreSQL and RabbitMQ, sharing one disk storage.
const run = randomUUID().slice(0, 8);
const database = `framecast_tc_${run}`;
const group = `transcoder-int-${run}`;
const videoId = `kill_${run}`;
const admin = new pg.Client({ connectionString: testUrls.postgres });
let dataDir: string;
let rabbit: Awaited<ReturnType<typeof connectRabbit>>;
let env: Record<string, string>;
const workers: FramecastProcess[] = [];
const received: DomainEvent[] = [];

const waitFor = (match: (e: DomainEvent) => boolean, timeoutMs: number) =>
  eventually(async () => {
    const found = received.find(match);
    if (!found) throw new Error(`No matching event yet; saw ${received.map((e) => e.type).join(', ')}`);
    return found;
  }, timeoutMs);

const mine = (type: string) => (e: DomainEvent) =>
  e.type === type && (e.payload as { videoId?: string }).videoId === videoId;

beforeAll(async () => {
  await Promise.all([requireServer('postgres'), requireServer('rabbitmq')]);
  await admin.connect();
  await admin.query(`create database ${database}`);
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-tc-'));
  env = {
    DATABASE_URL: testUrls.postgres.replace(/\/[^/]*$/, `/${database}`),
    AMQP_URL: testUrls.rabbitmq,
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: '2000',
  };
  // Long enough (at this size) that ffmpeg is still running when the first worker is killed.
  const clip = join(dataDir, 'clip.mp4');
  await makeClip(clip, { width: 1280, height: 720, seconds: 8 });
  const storage = createDiskStorage(join(dataDir, 'storage'));
  await storage.put(`videos/${videoId}/original`, await readFile(clip));
  await storage.close();
  rabbit = await connectRabbit({ url: testUrls.rabbitmq, logger: pino({ level: 'silent' }) });
  await rabbit.events.subscribe(group, ['transcode.#'], async (event) => {
    received.push(event);
  });
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await rabbit?.close();
  // The event queues this test declared; the job queue is the platform's own and stays.
  const connection = await amqp.connect(testUrls.rabbitmq).catch(() => null);
  if (connection) {
    const channel = await connection.createChannel();
    for (const suffix of ['', '.delay', '.dead'])
      await channel.deleteQueue(`framecast.events.${group}${suffix}`).catch(() => {});
    await connection.close().catch(() => {});
  }
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The child processes (ffmpeg) of a worker, which outlive it when it is killed outright. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('transcoder worker processes', () => {
  it('a killed worker’s job is redelivered to another worker and completes', async () => {
    const first = await startFramecast('transcoder', env);
    workers.push(first);
    await rabbit.jobs.enqueue('transcode', {
      videoId,
      originalKey: `videos/${videoId}/original`,
      outputPrefix: `videos/${videoId}/`,
    });

    // ffmpeg is encoding: kill the worker outright (no shutdown, no ack), and the ffmpeg it left behind.
    await waitFor(
      (e) => mine('transcode.progress')(e) && (e.payload as { stage: string }).stage === 'transcoding',
      60_000,
    );
    const orphans = childrenOf(first.child.pid!);
    first.child.kill('SIGKILL');
    await first.stop();
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    expect(received.some(mine('transcode.completed'))).toBe(false);

    const second = await startFramecast('transcoder', env);
    workers.push(second);
    const done = await waitFor(mine('transcode.completed'), 120_000);
    expect(done.payload).toMatchObject({ videoId, width: 1280, height: 720 });
    expect((done.payload as { renditions: { name: string }[] }).renditions.map((r) => r.name)).toEqual([
      '720p',
      '480p',
      '360p',
      '240p',
      'audio',
    ]);
    expect(received.some(mine('transcode.failed'))).toBe(false);
    const storage = createDiskStorage(join(dataDir, 'storage'));
    expect(await storage.head(`videos/${videoId}/media/master.m3u8`)).toMatchObject({
      contentType: 'application/vnd.apple.mpegurl',
    });
    await storage.close();
  }, 240_000);
});
