#!/usr/bin/env node
// `npm run bench [-- name…] [--quick]`: builds the backend, runs the benchmarks in order (each with its own processes,
// stopped before the next starts) and rewrites their sections of docs/benchmarks.md. Never part of `npm test`.
// `--quick` asks the benchmarks that have one for a short validation pass, whose section says it is one.
import { analyticsBench } from './analytics.bench.mjs';
import { chatBench } from './chat.bench.mjs';
import { gatewayBench } from './gateway.bench.mjs';
import { buildBackend } from './lib/framecast.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { createScope, runScoped } from './lib/scope.mjs';
import { liveBench } from './live.bench.mjs';
import { liveCapacityBench } from './live-capacity.bench.mjs';
import { loginBench } from './login.bench.mjs';
import { notificationBench } from './notification.bench.mjs';
import { transcodeBench } from './transcode.bench.mjs';

/** Every benchmark, in the order they run; a later one (video transcoding…) adds its entry and its docs section. */
const BENCHMARKS = [
  { name: 'gateway', run: gatewayBench },
  { name: 'login', run: loginBench },
  { name: 'transcode', run: transcodeBench },
  { name: 'live', run: liveBench },
  { name: 'live-capacity', run: liveCapacityBench },
  { name: 'chat', run: chatBench },
  { name: 'analytics', run: analyticsBench },
  { name: 'notification', run: notificationBench },
];

await runScoped(async (scope) => {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const wanted = args.filter((arg) => arg !== '--quick');
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new Error(`No benchmark named ${unknown.join(', ')}; there are ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
  }
  const facts = machineFacts();
  console.error('bench: building the backend');
  buildBackend();
  const sections = [];
  try {
    for (const benchmark of BENCHMARKS) {
      if (wanted.length > 0 && !wanted.includes(benchmark.name)) continue;
      const started = Date.now();
      console.error(`bench: ${benchmark.name}`);
      const own = createScope();
      const closeOwn = scope.defer(`stop the ${benchmark.name} benchmark`, () => own.close());
      try {
        const { body } = await benchmark.run(own, quick ? { quick } : undefined);
        sections.push({ name: benchmark.name, body });
      } finally {
        await closeOwn();
      }
      console.error(`bench: ${benchmark.name} took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    // What finished is published even when a later benchmark failed; the run still exits non-zero then.
    if (sections.length > 0) console.error(`bench: wrote ${await publish(sections, facts)}`);
  }
});
