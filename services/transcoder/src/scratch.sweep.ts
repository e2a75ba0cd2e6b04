import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The scratch folder of one transcoder process: `<host>-<pid>` under the data directory's `transcode/`. */
export function scratchName(host: string, pid: number): string {
  return `${host}-${pid}`;
}

/** Whether a process with this id runs on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Which entries of `transcode/` are left over by a process that is gone: this host's folders whose process is not
 * running (or is this very process, which has not started a job yet: a restart under the same id), and entries of the
 * layout before per-process folders. Other hosts' folders (a data directory shared over the network) are theirs.
 */
export function staleScratch(
  entries: readonly string[],
  self: { host: string; pid: number },
  alive: (pid: number) => boolean,
): string[] {
  const prefix = `${self.host}-`;
  return entries.filter((name) => {
    if (!name.startsWith(prefix)) return !/^.+-\d+$/.test(name) || /^[0-9a-f-]{36}-/.test(name);
    const pid = Number(name.slice(prefix.length));
    if (!Number.isSafeInteger(pid)) return false;
    return pid === self.pid || !alive(pid);
  });
}

/** Removes what `staleScratch` names; returns the names removed. */
export async function sweepScratch(
  root: string,
  self: { host: string; pid: number },
  alive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const entries = await readdir(root).catch(() => [] as string[]);
  const stale = staleScratch(entries, self, alive);
  await Promise.all(stale.map((name) => rm(join(root, name), { recursive: true, force: true })));
  return stale;
}
