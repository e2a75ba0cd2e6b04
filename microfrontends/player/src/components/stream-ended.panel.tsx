import type { StreamSession } from '@framecast/client';
import { AppLink, BroadcastIcon, buttonClasses, formatAgo } from '@framecast/ui';

export interface StreamEndedPanelProps {
  session: StreamSession;
  navigate: (to: string) => void;
}

/** In the player's place once the stream being watched went off the air: it ended, and where to go from here. */
export function StreamEndedPanel({ session, navigate }: StreamEndedPanelProps) {
  const handle = session.channel.handle;
  return (
    <div
      role="status"
      className="flex aspect-video w-full flex-col items-center justify-center gap-4 rounded-card bg-black p-6 text-center text-white"
    >
      <span className="flex size-14 items-center justify-center rounded-full bg-white/10 text-white/70 [&>svg]:size-7">
        <BroadcastIcon aria-hidden="true" />
      </span>
      <div className="flex max-w-md flex-col gap-1">
        <p className="text-lg font-semibold">The stream has ended</p>
        <p className="text-sm text-white/70">
          {`${handle} ended “${session.title}” ${session.endedAt ? formatAgo(session.endedAt) : 'just now'}.`}
        </p>
      </div>
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
    </div>
  );
}
