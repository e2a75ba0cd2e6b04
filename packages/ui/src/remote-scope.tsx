import type { RemoteProps } from '@framecast/client';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';

export interface RemoteScopeProps {
  /** The remote's name, as given to `remoteConfig` in its rsbuild.config.ts. */
  name: string;
  children: ReactNode;
}

/**
 * The root of everything a remote renders. Each remote ships its own Tailwind build, scoped to
 * `[data-mf="<name>"]` (microfrontends/remote.rsbuild.ts), so that a later `.hidden` from one build
 * cannot beat an earlier `sm:block` from another. `display: contents` keeps the wrapper out of the layout.
 */
export function RemoteScope({ name, children }: RemoteScopeProps) {
  return (
    <div data-mf={name} style={{ display: 'contents' }}>
      {children}
    </div>
  );
}

/**
 * Wraps each component a remote exposes in the remote's scope: the shell renders them outside of it. A component
 * given `RemoteProps` also gets the shell's QueryClient as its provider, so its queries share the page's cache.
 * A remote calls this once with its name and wraps every exposed component with the result.
 */
export function scopedTo(name: string) {
  return function scoped<P extends object>(View: ComponentType<P>): ComponentType<P> {
    function Scoped(props: P) {
      const { queryClient } = props as Partial<RemoteProps>;
      const view = <View {...props} />;
      return (
        <RemoteScope name={name}>
          {queryClient ? <QueryClientProvider client={queryClient}>{view}</QueryClientProvider> : view}
        </RemoteScope>
      );
    }
    Scoped.displayName = `${name}(${View.displayName ?? View.name})`;
    return Scoped;
  };
}
