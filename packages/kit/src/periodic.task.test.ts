import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { periodicTask } from './periodic.task.js';

const quiet = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('periodicTask', () => {
  it('runs at start and then on its period', async () => {
    let runs = 0;
    const task = periodicTask({ everyMs: 20, logger: quiet, failure: 'x', work: async () => void runs++ });
    task.start();
    expect(runs).toBe(1);
    await sleep(110);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
  });

  it('skips a period while a run is still going, and stop waits for that run to see its signal', async () => {
    let runs = 0;
    let sawAbort = false;
    const task = periodicTask({
      everyMs: 10,
      logger: quiet,
      failure: 'x',
      work: async (signal) => {
        runs++;
        while (!signal.aborted) await sleep(5);
        sawAbort = true;
      },
    });
    task.start();
    await sleep(80);
    await task.stop();
    expect(runs).toBe(1);
    expect(sawAbort).toBe(true);
  });

  it('logs a failed run and goes on with the next', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    let runs = 0;
    const task = periodicTask({
      everyMs: 15,
      logger,
      failure: 'the sweep failed',
      work: async () => {
        runs++;
        if (runs === 1) throw new Error('storage is down');
      },
    });
    task.start();
    await sleep(60);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'the sweep failed', err: { message: 'storage is down' } });
  });
});
