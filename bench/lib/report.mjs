import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './framecast.mjs';

export const DOC_PATH = join(ROOT, 'docs/benchmarks.md');
const TITLE = '# Benchmarks\n';

/** A Markdown table; `columns` are `{ title, right? }`, rows are arrays of cell text. */
export function markdownTable(columns, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map((c) => c.title)),
    line(columns.map((c) => (c.right ? '---:' : '---'))),
    ...rows.map((row) => line(row.map(String))),
  ].join('\n');
}

const markers = (name) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];

/**
 * Puts `body` between the markers of section `name`, replacing what was there, or appends the section when the
 * document does not have it yet. Other sections are left as they are, so each benchmark owns only its own.
 */
export function replaceSection(doc, name, body) {
  const [open, close] = markers(name);
  const block = `${open}\n${body.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start !== -1 && end > start) return doc.slice(0, start) + block + doc.slice(end + close.length);
  if (start !== -1 || end !== -1) throw new Error(`docs/benchmarks.md has a broken "${name}" section marker.`);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

/** The machine a run measured, as the intro says it. */
export function machineFacts(now = new Date()) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  return {
    cpus: availableParallelism(),
    model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: now.toISOString().slice(0, 10),
    load: loadavg()[0],
  };
}

export function introSection(facts) {
  return `Measured with \`npm run bench\` (\`bench/run.mjs\`); each benchmark also runs alone
(\`node bench/<name>.bench.mjs\`, or \`npm run bench -- <name>\`) and rewrites only its own section below.
HTTP load comes from [autocannon](https://github.com/mcollina/autocannon) in the benchmark's own process, over
loopback, so the load generator shares the CPUs with what it measures, the same way for every row.

Last run: ${facts.date}, ${facts.cpus} CPUs (\`nproc\`), ${facts.model}, ${facts.memoryGiB} GiB, Node ${facts.node}.
The 1-minute load average was ${facts.load.toFixed(1)} when the run started: this machine is shared, so absolute numbers
move from run to run; compare rows of one table, which were measured minutes apart, rather than runs.`;
}

/** Rewrites docs/benchmarks.md: the intro and the given sections, leaving every other section as it was. */
export async function publish(sections, facts = machineFacts()) {
  const current = await readFile(DOC_PATH, 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return TITLE;
    throw error;
  });
  let doc = replaceSection(current, 'intro', introSection(facts));
  for (const { name, body } of sections) doc = replaceSection(doc, name, body);
  await writeFile(DOC_PATH, doc);
  formatDoc(DOC_PATH);
  return DOC_PATH;
}

/** Lays the tables out as the project's formatter does, so the written document passes `biome ci`. */
function formatDoc(path) {
  const biome = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');
  const result = spawnSync(process.execPath, [biome, 'format', '--write', path], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Formatting ${path} failed:\n${result.stdout}${result.stderr}`);
}

/** Number formats for tables. */
export const format = {
  ms: (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)),
  int: (v) => Math.round(v).toLocaleString('en-US'),
  ratio: (v) => `${v.toFixed(2)}×`,
  signedMs: (v) => {
    const size = format.ms(Math.abs(v));
    // No sign on a difference that rounds to nothing ("−0.00" reads as a finding).
    return /^0\.?0*$/.test(size) ? size : `${v >= 0 ? '+' : '−'}${size}`;
  },
};
