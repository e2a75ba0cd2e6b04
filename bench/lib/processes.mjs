import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const OUTPUT_KEPT = 8_000;
const STOP_GRACE_MS = 5_000;
/** Linux reports process CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/**
 * Starts a child process that the scope stops (SIGTERM, then SIGKILL after a grace period). Its output is kept, the
 * last few kilobytes, to explain a failed start.
 */
export function spawnProcess(scope, { name, command, args, env, cwd }) {
  const startedAt = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      keep(`\n${error.message}`);
      resolve({ code: -1, signal: null });
    });
  });
  let running = true;
  exited.then(() => {
    running = false;
  });
  const stop = scope.defer(`stop ${name}`, async () => {
    if (!running) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    name,
    pid: child.pid,
    startedAt,
    exited,
    isRunning: () => running,
    output: () => output,
    stop,
  };
}

/** Waits until `url` answers 200, failing early (with the process's output) if the process exits first. */
export async function waitForHttp(proc, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!proc.isRunning()) {
      throw new Error(`${proc.name} exited before it was ready.\n--- its output ---\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`${proc.name} was not ready at ${url} after ${timeoutMs} ms (${last}).\n${proc.output()}`);
}

/** A TCP port that nothing listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every process id in the tree under `pid` (nginx's master and its worker, for example). */
export function processTree(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name, in parentheses, may contain spaces: fields are counted after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we listed it.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** CPU seconds (user + system) used so far by the process `pid` itself, all its threads, not its children. */
export function ownCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds (user + system) used so far by the process tree under `pid`. */
export function cpuSeconds(pid) {
  let ticks = 0;
  for (const id of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/<pid>/stat, 12 and 13 after the command name.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone: its time is no longer counted by anyone.
    }
  }
  return ticks / CLOCK_TICKS;
}

/**
 * CPU seconds the whole machine has been busy since boot (user, nice, system, irq, softirq of every CPU), from
 * `/proc/stat`. Around a measured run, this minus the run's own CPU is what everything else on the machine used
 * meanwhile: on a shared machine, the number that says whether a row was measured alone.
 */
export function machineBusySeconds(stat = readFileSync('/proc/stat', 'utf8')) {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no "cpu" line.');
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) / CLOCK_TICKS;
}

/** The processes `pid` started that are still running (from each of its threads' `children` list). */
export function childrenOf(pid) {
  const found = [];
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found; // gone
  }
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) found.push(...text.split(' ').map(Number));
    } catch {
      // The thread ended while we listed it.
    }
  }
  return found;
}

/** A running process's argv, or null once it is gone. */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return null;
  }
}

/** Resident memory (VmRSS) of the process tree under `pid`, bytes. */
export function rssBytes(pid) {
  let kib = 0;
  for (const id of processTree(pid)) {
    try {
      kib += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kib * 1024;
}

/** The soft limit on open files of this process (children inherit it), from `/proc/self/limits`. */
export function openFilesLimit(limits = readFileSync('/proc/self/limits', 'utf8')) {
  const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined) throw new Error('/proc/self/limits has no "Max open files" line.');
  return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/**
 * `command args` run with at least `files` open files allowed: as it is when the inherited limit is enough, otherwise
 * through util-linux's `prlimit` (Node cannot raise its own limit). Pure but for reading the current limit.
 */
export function withOpenFiles(files, command, args, limit = openFilesLimit()) {
  if (files <= limit) return { command, args };
  return { command: 'prlimit', args: [`--nofile=${files}:${files}`, '--', command, ...args] };
}
