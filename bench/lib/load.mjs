import autocannon from 'autocannon';
import { cpuSeconds } from './processes.mjs';

/** The value below which `p` % of the sorted samples fall (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Summary statistics of durations in milliseconds. */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

function fire(opts, onLatency) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    // autocannon's own histogram has 1 ms resolution; the raw response times are exact to the microsecond.
    instance.on('response', (_client, status, _bytes, responseTime) => {
      const code = Number(status);
      if (code >= 200 && code < 300) onLatency(responseTime);
    });
  });
}

function checkClean(result, what) {
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', ');
    throw new Error(
      `${what}: ${result.errors} errors, ${result.timeouts} timeouts, answers ${codes || 'none'}. ` +
        'A benchmark that gets errors measures nothing.',
    );
  }
}

/**
 * One bout of load on `target.url`: a discarded warm-up, then `seconds` of measured load with `connections` keep-alive
 * connections. Returns the raw material `pool` sums up. Any error or
 * non-2xx answer fails the run.
 */
export async function loadOnce(target, { connections, seconds, warmupSeconds }) {
  const base = {
    url: target.url,
    connections,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    timeout: 30,
  };
  if (warmupSeconds > 0)
    checkClean(await fire({ ...base, duration: warmupSeconds }, () => {}), `${target.url} (warm-up)`);
  const watch = Object.entries(target.watch ?? {});
  const before = watch.map(([, pid]) => cpuSeconds(pid));
  const latencies = [];
  const result = await fire({ ...base, duration: seconds }, (ms) => latencies.push(ms));
  checkClean(result, target.url);
  return {
    latencies,
    seconds: result.duration,
    cpu: Object.fromEntries(watch.map(([name, pid], i) => [name, cpuSeconds(pid) - before[i]])),
  };
}

/** Requests/s, latency and CPU ms per request of each watched process, over every bout of one target. */
export function pool(bouts) {
  const latencies = bouts.flatMap((b) => b.latencies);
  const seconds = bouts.reduce((sum, b) => sum + b.seconds, 0);
  const requests = latencies.length;
  const cpuPerRequestMs = {};
  for (const name of Object.keys(bouts[0]?.cpu ?? {})) {
    cpuPerRequestMs[name] = (bouts.reduce((sum, b) => sum + b.cpu[name], 0) * 1000) / requests;
  }
  return {
    requests,
    rps: requests / seconds,
    roundsRps: bouts.map((b) => b.latencies.length / b.seconds),
    latency: summarize(latencies),
    cpuPerRequestMs,
  };
}

/**
 * Measures every target in `rounds` interleaved rounds (a b c, a b c, …) and pools each target's bouts, so a
 * neighbour's burst of work on a shared machine falls on every target alike rather than on whichever ran then.
 * The first round warms up for `firstWarmupSeconds`, later ones for `warmupSeconds`.
 */
export async function measureRounds(targets, opts, log = () => {}) {
  const bouts = targets.map(() => []);
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      log(`${target.label}: round ${round + 1}/${opts.rounds}`);
      const warmupSeconds = round === 0 ? opts.firstWarmupSeconds : opts.warmupSeconds;
      bouts[i].push(await loadOnce(target, { ...opts, warmupSeconds }));
    }
  }
  return targets.map((target, i) => ({ ...target, ...pool(bouts[i]) }));
}
