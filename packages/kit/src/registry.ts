import type { ModuleName, ServiceModule } from './module.js';

/** `all` runs every module; any other target names modules, comma separated. */
export const ALL = 'all';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * Expands targets into the modules to run in this process, dependencies first (Loki's `-target`).
 * A dependency that another process serves (it has a service URL) is not pulled in.
 */
export function resolveTargets(
  catalog: readonly ServiceModule[],
  targets: readonly string[],
  remote: ReadonlySet<string> = new Set(),
): ServiceModule[] {
  const byName = new Map(catalog.map((m) => [m.name as string, m]));
  const wanted = targets.includes(ALL) ? catalog.map((m) => m.name) : targets;
  for (const name of wanted) {
    if (!byName.has(name)) {
      const known = [ALL, ...byName.keys()].join(', ');
      throw new TargetError(`Unknown target "${name}". Known targets: ${known}.`);
    }
  }

  const ordered: ServiceModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new TargetError(`Module dependency cycle: ${[...path, name].join(' → ')}.`);
    }
    const module = byName.get(name);
    if (!module) throw new TargetError(`Module "${path.at(-1)}" depends on unknown module "${name}".`);
    state.set(name, 'visiting');
    for (const dep of module.deps) {
      if (!remote.has(dep)) visit(dep, [...path, name]);
    }
    state.set(name, 'done');
    ordered.push(module);
  };
  for (const name of wanted) visit(name, []);
  return ordered;
}

/** Parses `--target gateway,user` into names. */
export function parseTargets(value: string | undefined): ModuleName[] | [typeof ALL] {
  const names = (value ?? ALL)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return (names.length > 0 ? names : [ALL]) as ModuleName[];
}
