import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import {
  parseRemotesManifest,
  type RemoteModuleId,
  type RemoteName,
  type RemotesManifest,
} from './remotes.manifest.js';

/** The Module Federation runtime calls the loader needs; passed in so the loader has no hidden globals. */
export interface FederationRuntime {
  registerRemotes(remotes: { name: string; entry: string }[], options?: { force?: boolean }): void;
  loadRemote<T>(id: string): Promise<T | null>;
}

export interface RemoteLoaderDeps {
  runtime: FederationRuntime;
  fetch: typeof fetch;
  /** Absolute URL of the remotes manifest, e.g. `${location.origin}/mf/remotes.json`. */
  manifestUrl: string;
}

export type RemoteComponent = LazyExoticComponent<ComponentType<any>>;

/**
 * Finds remotes at run time: fetches the manifest once, registers every remote, then loads exposed
 * modules on demand. A remote redeploys without a new shell build. After a failure the next attempt
 * fetches the manifest again and re-registers with `force`, which drops the runtime's cached entry.
 */
export function createRemoteLoader({ runtime, fetch, manifestUrl }: RemoteLoaderDeps) {
  let registered: Promise<RemotesManifest> | null = null;
  let failed = false;
  const components = new Map<RemoteModuleId, RemoteComponent>();

  const register = () => {
    registered ??= (async () => {
      const response = await fetch(manifestUrl, { headers: { accept: 'application/json' }, cache: 'no-cache' });
      if (!response.ok) throw new Error(`The remotes manifest answered ${response.status}.`);
      const manifest = parseRemotesManifest(await response.json(), manifestUrl);
      const remotes = (Object.entries(manifest) as [RemoteName, string][]).map(([name, entry]) => ({ name, entry }));
      runtime.registerRemotes(remotes, { force: failed });
      failed = false;
      return manifest;
    })().catch((error: unknown) => {
      registered = null;
      throw error;
    });
    return registered;
  };

  const load = async (id: RemoteModuleId): Promise<ComponentType<any>> => {
    try {
      await register();
      const module = await runtime.loadRemote<{ default?: ComponentType<any> }>(id);
      if (!module?.default) throw new Error(`${id} has no default export.`);
      return module.default;
    } catch (error) {
      failed = true;
      registered = null;
      throw error;
    }
  };

  return {
    /** Loads a module's default export (the component), registering the remotes first if needed. */
    load,
    /** A lazy component for the module, reused across renders so navigation does not reload it. */
    component(id: RemoteModuleId): RemoteComponent {
      let component = components.get(id);
      if (!component) {
        component = lazy(() => load(id).then((loaded) => ({ default: loaded })));
        components.set(id, component);
      }
      return component;
    },
    /** Forgets a module that failed, so the next render tries again. */
    reset(id: RemoteModuleId) {
      components.delete(id);
    },
  };
}

export type RemoteLoader = ReturnType<typeof createRemoteLoader>;
