import { readFile } from 'node:fs/promises';
import { coreSettings } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { catalog } from './catalog.js';

const doc = await readFile(new URL('../../../docs/operations.md', import.meta.url), 'utf8');

/** The variables named in the first column of each table of the Configuration section, by `###` heading. */
function documented(): Map<string, Set<string>> {
  const section = doc.slice(doc.indexOf('## Configuration'), doc.indexOf('\n## ', doc.indexOf('## Configuration') + 1));
  const tables = new Map<string, Set<string>>();
  let heading = '';
  for (const line of section.split('\n')) {
    if (line.startsWith('### ')) heading = line.slice(4).trim();
    if (!line.startsWith('|') || !heading) continue;
    const first = line.split('|')[1] ?? '';
    for (const [, name] of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) {
      const names = tables.get(heading) ?? new Set<string>();
      names.add(name!);
      tables.set(heading, names);
    }
  }
  return tables;
}

describe('docs/operations.md', () => {
  const tables = documented();

  it('lists every process-wide variable, and only those, under "Process"', () => {
    expect([...(tables.get('Process') ?? [])].sort()).toEqual(Object.keys(coreSettings.properties).sort());
  });

  it("lists each module's settings, and only those, under its name", () => {
    const withSettings = catalog.filter((m) => m.settings);
    expect(withSettings.length).toBeGreaterThan(0);
    for (const module of catalog) {
      const declared = Object.keys(module.settings?.properties ?? {}).sort();
      expect([...(tables.get(`Module \`${module.name}\``) ?? [])].sort(), module.name).toEqual(declared);
    }
    const headings = [...tables.keys()].filter((h) => h !== 'Process');
    expect(headings.sort()).toEqual(withSettings.map((m) => `Module \`${m.name}\``).sort());
  });
});
