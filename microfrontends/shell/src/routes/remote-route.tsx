import { useRemoteProps } from '@framecast/ui/routing';
import { useQueryClient } from '@tanstack/react-query';
import { RemoteView } from '../remotes/remote-view.js';
import type { RemoteModuleId } from '../remotes/remotes.manifest.js';
import { useClient } from '../shell.context.js';

/** A route whose page is a remote's exposed module. */
export function RemoteRoute({ id }: { id: RemoteModuleId }) {
  const props = useRemoteProps(useClient(), useQueryClient());
  // Keyed by path parameters so moving between two channels starts the page afresh.
  return <RemoteView key={JSON.stringify(props.params)} id={id} props={props} />;
}
