import { cn } from '@framecast/ui';
import { formatLatency, type LiveEdgeStatus } from '@framecast/ui/playback';

export interface LiveIndicatorProps {
  status: LiveEdgeStatus;
  latency: number | null;
  onGoLive: () => void;
}

/**
 * The live edge in the control bar: a red "Live" while at the edge; grey with "Back to live" when behind it (paused,
 * or sought back), which jumps to the edge. Then how far behind the edge the picture is.
 */
export function LiveIndicator({ status, latency, onGoLive }: LiveIndicatorProps) {
  const dot = (live: boolean) => (
    <span aria-hidden="true" className={cn('size-2 shrink-0 rounded-full', live ? 'bg-live' : 'bg-white/45')} />
  );
  return (
    <span className="flex min-w-0 items-center gap-2 text-xs">
      {status === 'live' ? (
        <span
          data-testid="live-edge"
          data-status="live"
          className="flex items-center gap-1.5 px-1.5 font-bold tracking-wide text-white uppercase"
        >
          {dot(true)}
          Live
        </span>
      ) : (
        <button
          type="button"
          onClick={onGoLive}
          data-testid="live-edge"
          data-status="behind"
          className="flex items-center gap-1.5 rounded-control px-1.5 py-1 font-semibold whitespace-nowrap text-white/80 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-brand"
        >
          {dot(false)}
          Back to live
        </button>
      )}
      {latency !== null && (
        <span
          data-testid="live-latency"
          data-seconds={latency}
          title="How far behind the live edge this picture is"
          className="hidden font-mono whitespace-nowrap text-white/70 tabular-nums sm:inline"
        >
          Latency {formatLatency(latency)}
        </span>
      )}
    </span>
  );
}
