import { format, markdownTable } from './lib/report.mjs';

/** The docs section of the login benchmark. */
export function renderLogin(results) {
  const { settings, hashes, levels, cpus } = results;
  const { argon2, bcrypt } = hashes;
  const p = argon2.params;

  const hashTable = markdownTable(
    [
      { title: 'algorithm' },
      { title: 'parameters' },
      { title: 'hash ms, mean', right: true },
      { title: 'hash ms, p50', right: true },
      { title: 'hash ms, max', right: true },
      { title: 'CPU ms per hash', right: true },
      { title: 'verify ms, mean', right: true },
      { title: 'samples', right: true },
    ],
    [
      [`${p.algorithm} (@node-rs/argon2, ours)`, `m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism}`, argon2],
      ['bcrypt (bcryptjs, PeerTube’s choice)', `cost ${bcrypt.cost}`, bcrypt],
    ].map(([name, params, h]) => [
      name,
      params,
      format.ms(h.hash.mean),
      format.ms(h.hash.p50),
      format.ms(h.hash.max),
      format.ms(h.hash.cpuMs),
      format.ms(h.verify.mean),
      `${h.hash.count} + ${h.verify.count}`,
    ]),
  );

  const loginTable = markdownTable(
    [
      { title: 'concurrent logins' },
      { title: 'logins/s', right: true },
      { title: 'p50 ms', right: true },
      { title: 'p99 ms', right: true },
      { title: 'CPU ms per login', right: true },
      { title: 'logins', right: true },
    ],
    levels.map((l) => [
      l.connections,
      format.ms(l.rps),
      format.ms(l.latency.p50),
      format.ms(l.latency.p99),
      format.ms(l.cpuPerRequestMs.process),
      format.int(l.requests),
    ]),
  );

  const best = levels.reduce((a, b) => (b.rps > a.rps ? b : a));
  const bound = (cpus * 1000) / argon2.verify.cpuMs;
  return `## Sign-in: the password hash and login throughput

Passwords are hashed with ${p.algorithm}, m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism}
(@node-rs/argon2's defaults, OWASP's second recommended setting), read from the user module's \`ARGON2_PARAMS\`.
Each hash is timed alone, one after another, in the benchmark's process. For context, the same password with bcrypt
cost ${bcrypt.cost}, PeerTube's choice, through bcryptjs: pure JavaScript, where PeerTube uses the native \`bcrypt\`
binding, so that row overstates PeerTube's cost.

${hashTable}

\`POST /api/auth/login\` (by handle, \`session: "token"\`) through the all-in-one process (\`--target all\`,
PostgreSQL, Redis, RabbitMQ), rate limits far above the load; each level runs ${settings.load.seconds} s after a
${settings.load.warmupSeconds} s warm-up. A login looks the account up, verifies the hash, signs an access token
and stores a refresh token.

${loginTable}

One verification takes ${format.ms(argon2.verify.cpuMs)} ms of CPU, which alone would bound sign-in at about
${format.int(bound)} logins/s on ${cpus} idle CPUs; the best level measured ${format.ms(best.rps)} logins/s at
${best.connections} concurrent, with ${format.ms(best.cpuPerRequestMs.process)} ms of CPU per login (the hash plus
the HTTP, database and token work around it). Past the number of CPUs, more concurrent logins only queue: p99 grows
while throughput stays flat or, on a busy machine, drops. This is the intended price of a memory-hard hash (${Math.round(p.memoryCost / 1024)} MiB per
attempt is what makes guessing on GPUs expensive); the per-address sign-in rate limit keeps one caller from using it
to starve the others.`;
}
