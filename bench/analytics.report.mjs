import { format, markdownTable } from './lib/report.mjs';

/** The aim: end-to-end ingest at least this share of PostgreSQL's own COPY of the same rows. */
export const AIM = 0.3;

const MODE_NAMES = {
  embedded: 'ours, embedded (PGlite)',
  postgres: 'ours, PostgreSQL',
};

/** Events a second of each run, and its share of COPY's rows a second. Pure. */
export function analyticsRows(results) {
  const ceiling = results.copy && results.copy.seconds > 0 ? results.copy.rows / results.copy.seconds : null;
  const rows = results.runs.map((run) => {
    const rate = run.events / run.seconds;
    return {
      name: MODE_NAMES[run.mode] ?? run.mode,
      batches: run.batches,
      events: run.events,
      seconds: run.seconds,
      rate,
      ofCopy: ceiling ? rate / ceiling : null,
    };
  });
  if (results.copy && ceiling) {
    rows.push({
      name: 'PostgreSQL `COPY` of the same events as rows (ceiling)',
      batches: null,
      events: results.copy.rows,
      seconds: results.copy.seconds,
      rate: ceiling,
      ofCopy: 1,
    });
  }
  return rows;
}

export function renderAnalytics(results) {
  const { settings } = results;
  const rows = analyticsRows(results);
  const table = markdownTable(
    [
      { title: 'ingest' },
      { title: 'batches', right: true },
      { title: 'events', right: true },
      { title: 'seconds', right: true },
      { title: 'events/s', right: true },
      { title: 'of `COPY`', right: true },
    ],
    rows.map((r) => [
      r.name,
      r.batches === null ? '–' : format.int(r.batches),
      format.int(r.events),
      r.seconds.toFixed(2),
      format.int(r.rate),
      r.ofCopy === null ? '–' : format.ratio(r.ofCopy),
    ]),
  );
  const pg = rows.find((r) => r.name === MODE_NAMES.postgres);
  const verdict =
    pg && pg.ofCopy !== null
      ? `On PostgreSQL the module took in ${format.ratio(pg.ofCopy)} \`COPY\`'s rate (aim: at least ${format.ratio(AIM)}): ${pg.ofCopy >= AIM ? 'met' : 'not met'}.`
      : 'The PostgreSQL run or its `COPY` did not complete.';
  const quick = settings.quick
    ? '**A quick validation pass** (`--quick`: a few seconds of load), not a measurement.\n\n'
    : '';
  return `## Analytics: beacon ingest

${quick}Beacon batches of 100 events (the most a batch may carry: fifty half-second heartbeats, then renditions and
stalls in turn) are sent over HTTP keep-alive from the benchmark's process, ${settings.concurrency} at a time for
${settings.windowSeconds} s, to the user and analytics modules in one process (\`bench/lib/analytics.server.mjs\`),
spread over ${settings.videos} videos, ${settings.batchesPerSession} batches per playback session. A run ends when the
owner's reports (\`GET /api/analytics/videos/:id\`) hold every accepted event's watch time, so its time includes the
last flush (\`ANALYTICS_FLUSH_MS\` = ${settings.flushMs} ms, the default) and the rate is end to end: HTTP,
validation, deduplication in the cache, the session in memory and the rollups in the database. The ceiling is
PostgreSQL reading the same events as CSV rows from a file with \`COPY\` into a plain table: what the database takes
in when it does nothing but store rows.

${table}

${verdict}

Beacons cost the database a few multi-row upserts per flush whatever the traffic, so what bounds the module is the
HTTP requests, on CPUs it shares with the load generator, and the embedded PGlite keeps up as well as PostgreSQL.`;
}
