import type { StreamSession } from '@framecast/client';
import { AppLink, BroadcastIcon, buttonClasses, formatAgo } from '@framecast/ui';
import { PlayerPlaceholder } from './player-placeholder.js';

export interface StreamEndedPanelProps {
  session: StreamSession;
  navigate: (to: string) => void;
}

/** In the player's place once the stream being watched went off the air: it ended, and where to go from here. */
export function StreamEndedPanel({ session, navigate }: StreamEndedPanelProps) {
  const handle = session.channel.handle;
  return (
    <PlayerPlaceholder
      tone="screen"
      icon={<BroadcastIcon aria-hidden="true" />}
      title="The stream has ended"
      message={`${handle} ended “${session.title}” ${session.endedAt ? formatAgo(session.endedAt) : 'just now'}.`}
    >
      <div className="flex flex-wrap justify-center gap-2">
        {session.replayVideoId && (
          <AppLink
            href={`/watch/${encodeURIComponent(session.replayVideoId)}`}
            navigate={navigate}
            className={buttonClasses()}
          >
            Watch the replay
          </AppLink>
        )}
        <AppLink
          href={`/c/${handle}`}
          navigate={navigate}
          className={buttonClasses(session.replayVideoId ? 'secondary' : 'primary')}
        >
          Go to the channel
        </AppLink>
      </div>
    </PlayerPlaceholder>
  );
}
