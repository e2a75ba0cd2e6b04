import { FullscreenIcon, formatDuration, MuteIcon, PauseIcon, PlayIcon, VolumeIcon } from '@framecast/ui';
import type { ReactNode } from 'react';
import type { StreamFormat } from '../playback/playback-source.js';
import type { StoryboardCue } from '../playback/storyboard.vtt.js';
import type { EngineState } from './engine.hook.js';
import type { MediaState } from './media-state.hook.js';
import { QualityMenu } from './quality-menu.js';
import { SeekBar } from './seek-bar.js';

export interface ControlBarProps {
  media: MediaState;
  engine: EngineState;
  cues: readonly StoryboardCue[];
  format: StreamFormat;
  onFormat: (format: StreamFormat) => void;
  onTogglePlay: () => void;
  onSeek: (seconds: number) => void;
  onToggleMute: () => void;
  onVolume: (volume: number) => void;
  onToggleFullscreen: () => void;
  fullscreen: boolean;
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

export function ControlBar(props: ControlBarProps) {
  const { media, engine } = props;
  const silent = media.muted || media.volume === 0;
  return (
    <div className="flex flex-col gap-1 bg-gradient-to-t from-black/85 via-black/50 to-transparent px-3 pt-8 pb-2">
      <SeekBar
        currentTime={media.currentTime}
        duration={media.duration}
        bufferedEnd={media.bufferedEnd}
        cues={props.cues}
        onSeek={props.onSeek}
      />
      <div className="flex items-center gap-1">
        <IconButton label={media.paused ? 'Play' : 'Pause'} onClick={props.onTogglePlay}>
          {media.paused ? <PlayIcon /> : <PauseIcon />}
        </IconButton>
        <IconButton label={silent ? 'Unmute' : 'Mute'} onClick={props.onToggleMute}>
          {silent ? <MuteIcon /> : <VolumeIcon />}
        </IconButton>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={media.muted ? 0 : media.volume}
          aria-label="Volume"
          onChange={(event) => props.onVolume(Number(event.target.value))}
          onKeyDown={(event) => event.stopPropagation()}
          className="hidden w-20 accent-white sm:block"
        />
        <span className="ml-2 font-mono text-xs text-white/90 tabular-nums" data-testid="time-display">
          {formatDuration(media.currentTime)} / {formatDuration(media.duration)}
        </span>
        <span className="ml-auto" />
        <QualityMenu
          levels={engine.levels}
          selected={engine.selected}
          playing={engine.playing}
          onSelect={engine.setLevel}
          format={props.format}
          onFormat={props.onFormat}
        />
        <IconButton label={props.fullscreen ? 'Exit fullscreen' : 'Fullscreen'} onClick={props.onToggleFullscreen}>
          <FullscreenIcon />
        </IconButton>
      </div>
    </div>
  );
}
