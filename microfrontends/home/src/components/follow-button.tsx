import { type Channel, errorMessage, type FramecastClient, signInPath, withFollowing } from '@framecast/client';
import { Button, CheckIcon, PlusIcon } from '@framecast/ui';
import { useState, useSyncExternalStore } from 'react';

export interface FollowButtonProps {
  channel: Channel;
  client: FramecastClient;
  navigate: (to: string) => void;
  /** Receives the channel as it should now be shown: first optimistically, then as the server answered. */
  onChange: (channel: Channel) => void;
  size?: 'sm' | 'md';
  className?: string;
}

/**
 * Follow / Following. Applies the change at once and settles it with the server's counts; on failure
 * it puts the channel back and says why. Signed-out people are sent to sign in and brought back here.
 */
export function FollowButton({ channel, client, navigate, onChange, size = 'md', className }: FollowButtonProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const following = Boolean(channel.following);

  const toggle = async () => {
    if (session.status !== 'signedIn') {
      navigate(signInPath(window.location.pathname + window.location.search));
      return;
    }
    setError(null);
    setPending(true);
    onChange(withFollowing(channel, !following));
    try {
      const result = following
        ? await client.channels.unfollow(channel.handle)
        : await client.channels.follow(channel.handle);
      onChange({ ...channel, following: result.following, followerCount: result.followerCount });
    } catch (cause) {
      onChange(channel);
      setError(errorMessage(cause));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="flex flex-col gap-1.5">
      <Button
        size={size}
        variant={following ? 'secondary' : 'primary'}
        icon={following ? <CheckIcon className="size-4" /> : <PlusIcon className="size-4" />}
        disabled={pending}
        aria-busy={pending || undefined}
        title={following ? `Unfollow @${channel.handle}` : undefined}
        onClick={toggle}
        className={className}
      >
        {following ? 'Following' : 'Follow'}
      </Button>
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
