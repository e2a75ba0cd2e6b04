import type { RemoteProps } from '@framecast/client';
import { ErrorState, Spinner } from '@framecast/ui';
import { createContext, type ReactNode, Suspense, useContext, useState } from 'react';
import { RemoteBoundary } from './remote-boundary.js';
import type { RemoteLoader } from './remote-loader.js';
import { type RemoteModuleId, remoteModuleLabels } from './remotes.manifest.js';

export const RemoteLoaderContext = createContext<RemoteLoader | null>(null);

export interface RemoteViewProps {
  id: RemoteModuleId;
  props: RemoteProps;
  /** Shown while the remote loads; a centred spinner by default. */
  loading?: ReactNode;
  /** Shown when it fails; an error state with "Try again" by default. */
  failed?: (retry: () => void) => ReactNode;
}

export function PageSpinner() {
  return (
    <div className="flex min-h-64 items-center justify-center text-muted">
      <Spinner label="Loading" className="[&_svg]:size-7" />
    </div>
  );
}

/** Renders one exposed module of a remote, inside its own error boundary and Suspense fallback. */
export function RemoteView({ id, props, loading = <PageSpinner />, failed }: RemoteViewProps) {
  const loader = useContext(RemoteLoaderContext);
  if (!loader) throw new Error('RemoteView needs a RemoteLoaderContext provider.');
  const [attempt, setAttempt] = useState(0);
  const Remote = loader.component(id);

  const fallback =
    failed ??
    ((retry: () => void) => (
      <ErrorState
        title={`${remoteModuleLabels[id]} could not be loaded`}
        message="Check your connection, then try again. The rest of Framecast keeps working."
        onRetry={retry}
      />
    ));

  return (
    <RemoteBoundary
      key={attempt}
      fallback={fallback}
      onRetry={() => {
        loader.reset(id);
        setAttempt((n) => n + 1);
      }}
    >
      <Suspense fallback={loading}>
        <Remote {...props} />
      </Suspense>
    </RemoteBoundary>
  );
}
