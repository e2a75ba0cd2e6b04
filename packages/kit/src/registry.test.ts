import { describe, expect, it } from 'vitest';
import type { ServiceModule } from './module.js';
import { parseTargets, resolveTargets, TargetError } from './registry.js';

const mod = (name: string, deps: string[] = []): ServiceModule =>
  ({ name, deps, prefixes: [], init: async () => ({}) }) as unknown as ServiceModule;

describe('resolveTargets', () => {
  const catalog = [mod('gateway', ['user']), mod('user'), mod('video', ['user'])];

  it('expands all into every module, dependencies first', () => {
    const names = resolveTargets(catalog, ['all']).map((m) => m.name);
    expect(names).toEqual(['user', 'gateway', 'video']);
  });

  it('runs a single target with its dependencies', () => {
    expect(resolveTargets(catalog, ['video']).map((m) => m.name)).toEqual(['user', 'video']);
  });

  it('leaves out dependencies served by another process', () => {
    expect(resolveTargets(catalog, ['gateway'], new Set(['user'])).map((m) => m.name)).toEqual(['gateway']);
  });

  it('names the known targets when one is unknown', () => {
    expect(() => resolveTargets(catalog, ['chat'])).toThrow(/Unknown target "chat".*gateway, user, video/);
  });

  it('reports a cycle', () => {
    expect(() => resolveTargets([mod('a', ['b']), mod('b', ['a'])], ['a'])).toThrow(TargetError);
  });
});

describe('parseTargets', () => {
  it('defaults to all and splits lists', () => {
    expect(parseTargets(undefined)).toEqual(['all']);
    expect(parseTargets('gateway, user')).toEqual(['gateway', 'user']);
  });
});
