import type { Video } from '@framecast/client';
import '../app.css';
import { Player } from './player.js';
import { RemoteScope } from './remote-scope.js';

export interface PlayerEntryProps {
  video: Video;
  onViewed?: () => void;
}

/** The exposed player: any remote can embed a ready video. Shows nothing for a video without playback yet. */
export default function PlayerEntry({ video, onViewed }: PlayerEntryProps) {
  if (!video.playback) return null;
  return (
    <RemoteScope>
      <Player title={video.title} playback={video.playback} onViewed={onViewed} />
    </RemoteScope>
  );
}
