import { FullscreenIcon, MuteIcon, PauseIcon, PlayIcon, VolumeIcon } from '@framecast/ui';
import type { EngineState, MediaState, StreamFormat } from '@framecast/ui/playback';
import type { ReactNode } from 'react';
import type { PlayerControls } from './player-controls.hook.js';
import { QualityMenu } from './quality-menu.js';

export interface ControlBarProps {
  media: MediaState;
  engine: EngineState;
  controls: PlayerControls;
  /** The seek bar. */
  timeline: ReactNode;
  /** What follows the volume: the time of a video, the live indicator of a stream. */
  status: ReactNode;
  /** The streaming format, when the viewer may switch it. */
  format?: { value: StreamFormat; onChange: (format: StreamFormat) => void };
}

function IconButton({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="flex size-9 items-center justify-center rounded-control text-white hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-brand [&>svg]:size-5"
    >
      {children}
    </button>
  );
}

/** The bottom bar of a player: the timeline, then play, volume, the status, quality and fullscreen. */
export function ControlBar({ media, engine, controls, timeline, status, format }: ControlBarProps) {
  const silent = media.muted || media.volume === 0;
  const { perform } = controls;
  return (
    <div className="flex flex-col gap-1 bg-gradient-to-t from-black/85 via-black/50 to-transparent px-3 pt-8 pb-2">
      {timeline}
      <div className="flex items-center gap-1">
        <IconButton label={media.paused ? 'Play' : 'Pause'} onClick={() => perform({ type: 'togglePlay' })}>
          {media.paused ? <PlayIcon /> : <PauseIcon />}
        </IconButton>
        <IconButton label={silent ? 'Unmute' : 'Mute'} onClick={() => perform({ type: 'toggleMute' })}>
          {silent ? <MuteIcon /> : <VolumeIcon />}
        </IconButton>
        <VolumeSlider media={media} onVolume={(volume) => perform({ type: 'setVolume', volume })} />
        <span className="ml-2 flex min-w-0 items-center">{status}</span>
        <span className="ml-auto" />
        <QualityMenu
          levels={engine.levels}
          selected={engine.selected}
          playing={engine.playing}
          onSelect={engine.setLevel}
          format={format}
        />
        <IconButton
          label={controls.fullscreen ? 'Exit fullscreen' : 'Fullscreen'}
          onClick={() => perform({ type: 'toggleFullscreen' })}
        >
          <FullscreenIcon />
        </IconButton>
      </div>
    </div>
  );
}

function VolumeSlider({ media, onVolume }: { media: MediaState; onVolume: (volume: number) => void }) {
  return (
    <input
      type="range"
      min={0}
      max={1}
      step={0.05}
      value={media.muted ? 0 : media.volume}
      aria-label="Volume"
      onChange={(event) => onVolume(Number(event.target.value))}
      onKeyDown={(event) => event.stopPropagation()}
      className="hidden w-20 accent-white sm:block"
    />
  );
}
