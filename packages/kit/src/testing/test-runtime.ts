import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@framecast/adapters';
import type { EventPayloads, EventType } from '@framecast/contracts';
import { type Config, loadConfig } from '../config.js';
import type { Clock, ServiceModule } from '../module.js';
import { type Runtime, startRuntime } from '../runtime.js';

/** A clock tests can move: `shift(ms)` moves every later `now()` by that much. */
export interface TestClock extends Clock {
  shift(ms: number): void;
}

/** Starts at `start` (now unless given) and runs at the real pace. */
export function testClock(start = Date.now()): TestClock {
  let offset = start - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    shift(ms) {
      offset += ms;
    },
  };
}

export interface TestRuntime<C extends Clock = TestClock> {
  rt: Runtime;
  config: Config;
  clock: C;
  /** The runtime's data directory: a fresh one removed by `close`, unless the caller gave its own. */
  dataDir: string;
  /** Every event published since start, in order. */
  events: DomainEvent[];
  /** Resolves with the first event (already seen or to come) that matches, or rejects after `timeoutMs`. */
  waitForEvent(match: (event: DomainEvent) => boolean, timeoutMs?: number): Promise<DomainEvent>;
  /** Publishes an event on the bus as another module would. */
  publish<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<DomainEvent>;
  close(): Promise<void>;
}

/**
 * Starts `targets` of `catalog` through the real runtime, on an in-memory PGlite, the in-process bus and disk
 * storage in a fresh directory, unless `env` names servers; records every event the bus carries.
 */
export async function startTestRuntime<C extends Clock = TestClock>(opts: {
  catalog: readonly ServiceModule[];
  targets: readonly string[];
  env?: Record<string, string>;
  clock?: C;
  /**
   * A data directory the caller owns, kept on close: a second runtime on it finds the first one's files and (with
   * `DATABASE_URL: ''`) embedded database, as a restarted process would.
   */
  dataDir?: string;
}): Promise<TestRuntime<C>> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'framecast-test-')));
  const removeDir = () => (opts.dataDir ? Promise.resolve() : rm(dataDir, { recursive: true, force: true }));
  const clock = opts.clock ?? (testClock() as Clock as C);
  const env = {
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    // Every port a test runtime listens on is a free one, so tests running side by side never collide.
    PORT: '0',
    RTMP_PORT: '0',
    SRT_PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...opts.env,
  };
  const config = loadConfig(env);
  let rt: Runtime;
  try {
    rt = await startRuntime({ config, env, catalog: opts.catalog, targets: opts.targets, clock });
  } catch (error) {
    await removeDir();
    throw error;
  }
  const events: DomainEvent[] = [];
  const waiters = new Set<() => void>();
  const subscription = await rt.adapters.events.subscribe(
    `test-${crypto.randomUUID().slice(0, 8)}`,
    ['#'],
    async (event) => {
      events.push(event);
      for (const wake of waiters) wake();
    },
  );
  return {
    rt,
    config,
    clock,
    dataDir,
    events,
    waitForEvent(match, timeoutMs = 5000) {
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
    async publish(type, payload) {
      const event = { id: crypto.randomUUID(), type, occurredAt: new Date().toISOString(), payload };
      await rt.adapters.events.publish(event);
      return event;
    },
    async close() {
      await subscription.close();
      await rt.close();
      await removeDir();
    },
  };
}

/** Polls until `check` passes (work after a commit or on the bus happens asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The value of one series of a metric, by labels; 0 when the series does not exist. */
export async function metricValue(rt: Runtime, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = rt.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const hit = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return hit ? Number(hit.value) : 0;
}
