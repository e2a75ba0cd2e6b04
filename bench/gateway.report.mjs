import { format, markdownTable } from './lib/report.mjs';

const dash = '–';
const byKey = (rows) => Object.fromEntries(rows.map((r) => [r.key, r]));
const cpu = (row, name) => (row.cpuPerRequestMs[name] === undefined ? dash : format.ms(row.cpuPerRequestMs[name]));

/** What each other path adds over the direct one, in both runs. */
export function hopCosts(results) {
  const sat = byKey(results.saturated);
  const one = byKey(results.sequential);
  const cost = (key) => ({
    key,
    throughput: sat[key].rps / sat.direct.rps,
    satP50: sat[key].latency.p50 - sat.direct.latency.p50,
    satP99: sat[key].latency.p99 - sat.direct.latency.p99,
    oneP50: one[key].latency.p50 - one.direct.latency.p50,
    oneP99: one[key].latency.p99 - one.direct.latency.p99,
    // A proxy's own CPU; in-process, what the process spends beyond (a). (The service's CPU moves by more than a
    // proxy's from run to run on a shared machine, so it is not folded into a proxy's cost.)
    cpuMs: sat[key].cpuPerRequestMs.proxy ?? sat[key].cpuPerRequestMs.user - sat.direct.cpuPerRequestMs.user,
  });
  return Object.fromEntries(results.saturated.filter((r) => r.key !== 'direct').map((r) => [r.key, cost(r.key)]));
}

const COST_LABELS = {
  gateway: 'our gateway, (b) − (a)',
  nginx: 'nginx, (c) − (a)',
  all: 'edge in-process, (d) − (a)',
  gatewayMemory: 'our gateway, counters in memory, (b′) − (a)',
  nginxEdge: 'nginx + edge work, (c′) − (a)',
};

function compare(ours, theirs, name) {
  const cheaper = ours.cpuMs < theirs.cpuMs && ours.throughput > theirs.throughput;
  const costlier = ours.cpuMs > theirs.cpuMs && ours.throughput < theirs.throughput;
  const how = cheaper ? 'less than' : costlier ? 'more than' : 'about as much as';
  return (
    `Our gateway costs ${how} ${name}: ${format.ms(ours.cpuMs)} ms of CPU per request against ` +
    `${format.ms(theirs.cpuMs)} ms, keeping ${format.ratio(ours.throughput)} of the direct throughput against ` +
    `${format.ratio(theirs.throughput)}, and adding ${format.signedMs(ours.oneP50)} ms to an unloaded request (p50) ` +
    `against ${format.signedMs(theirs.oneP50)} ms.`
  );
}

/** Where the gateway's CPU goes, from the rows that isolate its parts. */
function split({ gateway, all, gatewayMemory }) {
  return (
    `Of the gateway's ${format.ms(gateway.cpuMs)} ms of CPU per request, about ${format.ms(all.cpuMs)} ms is the ` +
    `edge's own work (the same edge in-process, (d) − (a)) and about ${format.ms(gateway.cpuMs - all.cpuMs)} ms is ` +
    'proxying: a second HTTP server and an HTTP client in one more Node process. Counting rate limits in Redis ' +
    `rather than in the gateway's memory accounts for ${format.signedMs(gateway.cpuMs - gatewayMemory.cpuMs)} ms ` +
    '((b) − (b′)), plus the round trip.'
  );
}

/** The docs section of the gateway benchmark. */
export function renderGateway(results) {
  const { settings } = results;
  const s = settings.saturated;
  const q = settings.sequential;
  const sat = byKey(results.saturated);
  const costs = hopCosts(results);

  const saturatedTable = markdownTable(
    [
      { title: 'path' },
      { title: 'requests/s', right: true },
      { title: 'vs (a)', right: true },
      { title: 'p50 ms', right: true },
      { title: 'p99 ms', right: true },
      { title: 'proxy CPU ms/req', right: true },
      { title: 'service CPU ms/req', right: true },
    ],
    results.saturated.map((r) => [
      r.label,
      format.int(r.rps),
      format.ratio(r.rps / sat.direct.rps),
      format.ms(r.latency.p50),
      format.ms(r.latency.p99),
      cpu(r, 'proxy'),
      cpu(r, 'user'),
    ]),
  );
  const sequentialTable = markdownTable(
    [
      { title: 'path' },
      { title: 'requests/s', right: true },
      { title: 'p50 ms', right: true },
      { title: 'p99 ms', right: true },
      { title: 'proxy CPU ms/req', right: true },
      { title: 'service CPU ms/req', right: true },
    ],
    results.sequential.map((r) => [
      r.label,
      format.int(r.rps),
      format.ms(r.latency.p50),
      format.ms(r.latency.p99),
      cpu(r, 'proxy'),
      cpu(r, 'user'),
    ]),
  );
  const costTable = markdownTable(
    [
      { title: 'hop' },
      { title: 'throughput vs (a)', right: true },
      { title: 'CPU ms/req added', right: true },
      { title: 'p50 added, unloaded', right: true },
      { title: 'p99 added, unloaded', right: true },
      { title: 'p50 added, saturated', right: true },
      { title: 'p99 added, saturated', right: true },
    ],
    Object.values(costs).map((c) => [
      COST_LABELS[c.key] ?? c.key,
      format.ratio(c.throughput),
      format.signedMs(c.cpuMs),
      format.signedMs(c.oneP50),
      format.signedMs(c.oneP99),
      format.signedMs(c.satP50),
      format.signedMs(c.satP99),
    ]),
  );

  const bout = (o) =>
    `${o.rounds} rounds of ${o.seconds} s per path, interleaved with the other paths, each after a warm-up ` +
    `(${o.firstWarmupSeconds} s, then ${o.warmupSeconds} s)`;

  return `## Gateway: the cost of the edge

\`GET /api/channels/:handle\` (one indexed row from PostgreSQL, about 200 bytes of JSON), anonymous:
(a) straight to the user service (\`framecast start --target user\`); (b) through our gateway (\`--target gateway\`,
\`USER_SERVICE_URL\` pointing at (a)); (c) through nginx in front of (a), one worker as our gateway is one Node process,
keep-alive to the upstream, no access log; (d) the all-in-one process (\`--target all\`, same database), where the
gateway's edge (security headers, CORS, rate limits, request ids) runs in-process. Two more rows split the cost:
(b′) is (b) counting rate limits in its own memory instead of Redis, and (c′) is nginx doing the same edge work as
ours: a per-address \`limit_req\` and the ${results.edgeHeaderNames.length} security headers our edge adds
(read from the gateway's answer). Every Framecast process uses the same PostgreSQL, Redis and RabbitMQ and logs at
\`warn\`; rate limits are far above the load. CPU per request is read from \`/proc\` for each process (nginx: master
and worker); Redis's and PostgreSQL's own CPU is not counted.

**Saturated**: ${s.connections} connections, ${bout(s)}.

${saturatedTable}

**Unloaded**: one connection, one request at a time, so nothing queues and latency is each hop's own; ${bout(q)}.

${sequentialTable}

**What each path adds** to the direct one (CPU: a proxy's own; for (d), what the process spends beyond (a)):

${costTable}

${compare(costs.gateway, costs.nginx, 'nginx')} ${compare(costs.gateway, costs.nginxEdge, 'nginx doing the same edge work')}
${split(costs)}
Under saturation latency is mostly queueing (${s.connections} connections ÷ throughput), so that run is read through
throughput and CPU per request; the unloaded run gives each hop's own latency (on a shared machine it also holds the
time each extra process waits to be scheduled). The load generator, the proxies and the service share the
machine's CPUs, so the CPU a proxy spends per request comes straight out of the service's throughput.`;
}
