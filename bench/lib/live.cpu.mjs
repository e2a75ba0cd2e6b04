// CPU seconds of the processes of a live run, read from /proc around a measured window, by role: the platform's Node
// process, the transcoders (FFmpeg) it or nginx-rtmp started, nginx itself, the publishers.
import { basename } from 'node:path';
import { childrenOf, commandLine, machineBusySeconds, ownCpuSeconds, processTree } from './processes.mjs';

/** Whether `pid` runs FFmpeg (gone: no). */
export function isFfmpeg(pid) {
  const argv = commandLine(pid);
  return argv !== null && argv.length > 0 && basename(argv[0]) === 'ffmpeg';
}

/** CPU seconds so far of each process (its own threads, not its children), by pid; a process already gone is left out. */
export function readCpu(pids) {
  const seconds = new Map();
  for (const pid of pids) {
    try {
      seconds.set(pid, ownCpuSeconds(pid));
    } catch {
      // Gone.
    }
  }
  return seconds;
}

/**
 * CPU seconds used between two readings, counted only for the processes in both; `changed` counts those in one reading
 * only (one that started or ended inside the window, whose time cannot be split). Pure.
 */
export function cpuBetween(before, after) {
  let seconds = 0;
  let changed = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid);
    if (start === undefined) changed++;
    else seconds += end - start;
  }
  for (const pid of before.keys()) if (!after.has(pid)) changed++;
  return { seconds, changed };
}

/** The processes of each role now: `roles` maps a name to a function returning its pids. */
function listRoles(roles) {
  return Object.fromEntries(Object.entries(roles).map(([name, pids]) => [name, pids()]));
}

/**
 * Starts a measured window over the processes of `roles` (their pids are listed now and read again at the end):
 * `end()` gives each role's CPU seconds, the wall seconds, what the rest of the machine used meanwhile (`other`: every
 * CPU's busy time minus the roles' and this benchmark process's own), and how many processes came or went.
 */
export function cpuWindow(roles) {
  const pids = listRoles(roles);
  const before = Object.fromEntries(Object.entries(pids).map(([name, list]) => [name, readCpu(list)]));
  const started = performance.now();
  const self = process.cpuUsage();
  const busy = machineBusySeconds();
  return {
    end() {
      const wall = (performance.now() - started) / 1000;
      const used = process.cpuUsage(self);
      const bench = (used.user + used.system) / 1e6;
      const now = listRoles(roles);
      const cpu = {};
      let changed = 0;
      let counted = bench;
      for (const [name, list] of Object.entries(now)) {
        const result = cpuBetween(before[name], readCpu(new Set([...list, ...before[name].keys()])));
        cpu[name] = result.seconds;
        changed += result.changed;
        counted += result.seconds;
      }
      return { wall, cpu, bench, other: Math.max(0, machineBusySeconds() - busy - counted), changed };
    },
  };
}

/** The FFmpeg processes the process `pid` started (our platform's transcoders). */
export const ffmpegChildren = (pid) => childrenOf(pid).filter(isFfmpeg);

/** nginx's own processes (master and workers) under its master `pid`, and the FFmpeg processes they started. */
export function nginxRoles(pid) {
  return {
    nginx: () => processTree(pid).filter((p) => !isFfmpeg(p)),
    transcoders: () => processTree(pid).filter(isFfmpeg),
  };
}
