import {
  type Channel,
  errorMessage,
  type FollowResult,
  type FramecastClient,
  queryKeys,
  signInPath,
  withFollowing,
} from '@framecast/client';
import { Button, CheckIcon, PlusIcon } from '@framecast/ui';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { withFollowState } from '../api/channel.cache.js';

export interface FollowButtonProps {
  channel: Channel;
  client: FramecastClient;
  navigate: (to: string) => void;
  size?: 'sm' | 'md';
  className?: string;
}

/** Shows `state` on every cached query holding the channel: lists of channels and the channel page. */
function showFollowState(queryClient: QueryClient, channel: Channel, state: FollowResult) {
  queryClient.setQueriesData<unknown>({ queryKey: queryKeys.channels }, (data: unknown) =>
    withFollowState(data, channel, state),
  );
}

/**
 * Follow / Following. Shows the change at once in every list and page that holds the channel and settles it with
 * the server's counts; on failure it puts the cache back and says why. Signed-out people are sent to sign in and
 * brought back here.
 */
export function FollowButton({ channel, client, navigate, size = 'md', className }: FollowButtonProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const queryClient = useQueryClient();
  const following = Boolean(channel.following);
  const follow = useMutation({
    mutationFn: (next: boolean) =>
      next ? client.channels.follow(channel.handle) : client.channels.unfollow(channel.handle),
    onMutate: async (next) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.channels });
      const before = queryClient.getQueriesData<unknown>({ queryKey: queryKeys.channels });
      const shown = withFollowing(channel, next);
      showFollowState(queryClient, channel, { following: next, followerCount: shown.followerCount });
      return { before };
    },
    onError: (_error, _next, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (state) => showFollowState(queryClient, channel, state),
  });

  const toggle = () => {
    if (session.status !== 'signedIn') {
      navigate(signInPath(window.location.pathname + window.location.search));
      return;
    }
    follow.mutate(!following);
  };

  return (
    <div className="flex flex-col gap-1.5">
      <Button
        size={size}
        variant={following ? 'secondary' : 'primary'}
        icon={following ? <CheckIcon className="size-4" /> : <PlusIcon className="size-4" />}
        disabled={follow.isPending}
        aria-busy={follow.isPending || undefined}
        title={following ? `Unfollow @${channel.handle}` : undefined}
        onClick={toggle}
        className={className}
      >
        {following ? 'Following' : 'Follow'}
      </Button>
      {follow.isError && (
        <p role="alert" className="text-xs text-danger">
          {errorMessage(follow.error)}
        </p>
      )}
    </div>
  );
}
