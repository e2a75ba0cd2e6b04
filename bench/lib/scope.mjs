/**
 * A stack of clean-up steps (stop a process, drop a database, remove a directory), run in reverse order once, whether
 * the benchmark finished, failed or was interrupted.
 */
export function createScope(log = console.error) {
  const steps = [];
  let closed = false;
  return {
    /** Registers a clean-up step; returns `fn` so a caller can also run it early (steps run at most once). */
    defer(label, fn) {
      let done = false;
      const once = async () => {
        if (done) return;
        done = true;
        await fn();
      };
      steps.push({ label, run: once });
      return once;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.run();
        } catch (error) {
          log(`bench: clean-up "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
  };
}

/**
 * Runs `main(scope)` and always cleans up: on success, on a thrown error and on Ctrl-C/SIGTERM. Exits non-zero when
 * the benchmark failed, so a broken setup never looks like a result.
 */
export async function runScoped(main) {
  const scope = createScope();
  const interrupt = (signal) => {
    console.error(`bench: ${signal}, cleaning up`);
    scope.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await main(scope);
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    return undefined;
  } finally {
    await scope.close();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
