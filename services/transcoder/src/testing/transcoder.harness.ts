import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@framecast/adapters';
import { loadConfig, type Runtime, startRuntime } from '@framecast/kit';
import { createTranscoderModule, type TranscoderOptions } from '../transcoder.module.js';

export interface TranscoderHarness {
  rt: Runtime;
  dataDir: string;
  /** Every event published since start, in order. */
  events: DomainEvent[];
  /** Resolves with the first event (already seen or to come) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (event: DomainEvent) => boolean, timeoutMs?: number): Promise<DomainEvent>;
  close(): Promise<void>;
}

/** The transcoder module alone through the real runtime: in-memory PGlite, in-process bus and queue, disk storage. */
export async function startTranscoder(
  opts: TranscoderOptions = {},
  env: Record<string, string> = {},
): Promise<TranscoderHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'framecast-transcoder-'));
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...env,
  });
  const rt = await startRuntime({ config, catalog: [createTranscoderModule(opts)], targets: ['transcoder'] });
  const events: DomainEvent[] = [];
  const waiters = new Set<() => void>();
  const subscription = await rt.adapters.events.subscribe('transcoder-test', ['#'], async (event) => {
    events.push(event);
    for (const wake of waiters) wake();
  });
  return {
    rt,
    dataDir,
    events,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching event within ${timeoutMs} ms; saw: ${events.map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await subscription.close();
      await rt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
