import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRuntime } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive, staleScratch } from './scratch.sweep.js';
import { createTranscoderModule } from './transcoder.module.js';

const self = { host: 'box', pid: 100 };

describe('staleScratch', () => {
  it('names this host’s folders of stopped processes, its own, and the old layout; never another host’s', () => {
    const alive = (pid: number) => pid === 200;
    const entries = [
      'box-100',
      'box-200',
      'box-300',
      'other-300',
      'v1-Ab3xYz',
      '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b-123456',
    ];
    expect(staleScratch(entries, self, alive)).toEqual([
      'box-100',
      'box-300',
      'v1-Ab3xYz',
      '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b-123456',
    ]);
  });

  it('knows live processes', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12_345)).toBe(false);
  });
});

describe('the transcoder at start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'framecast-scratch-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('removes the scratch folders a killed worker left, and keeps a live one’s', async () => {
    const root = join(dataDir, 'transcode');
    const dead = join(root, `${hostname()}-${2 ** 22 + 54_321}`, 'v1-Xy12ab');
    const live = join(root, `${hostname()}-${process.ppid}`, 'v2-Zz34cd');
    for (const dir of [dead, live]) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'original'), 'bytes');
    }
    const h = await startTestRuntime({ catalog: [createTranscoderModule()], targets: ['transcoder'], dataDir });
    try {
      expect(await readdir(root)).toEqual([`${hostname()}-${process.ppid}`]);
    } finally {
      await h.rt.close();
    }
  });
});
