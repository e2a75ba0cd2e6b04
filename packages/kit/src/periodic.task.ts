import type { Logger } from 'pino';

/** Background work a module runs on a timer: started with the module, stopped (and waited for) with it. */
export interface PeriodicTask {
  start(): void;
  /** Aborts the signal the current run was given, and resolves when that run has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `work` at start and then every `everyMs`, never two runs at once: a run still going when the next is due
 * (a slow storage, a big backlog) makes that one be skipped, not piled up. A failed run is logged with `failure`,
 * and the next goes ahead. The timer does not keep the process alive.
 */
export function periodicTask(opts: {
  everyMs: number;
  logger: Logger;
  /** What the error log line says when a run fails. */
  failure: string;
  /** One run; it should return early once `signal` is aborted. */
  work: (signal: AbortSignal) => Promise<void>;
}): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let controller = new AbortController();

  const run = () => {
    if (running || controller.signal.aborted) return;
    running = opts
      .work(controller.signal)
      .catch((err: unknown) => opts.logger.error({ err }, opts.failure))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    start() {
      if (timer) return;
      controller = new AbortController();
      run();
      timer = setInterval(run, opts.everyMs);
      timer.unref();
    },
    async stop() {
      controller.abort();
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
