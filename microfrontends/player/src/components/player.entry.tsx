import type { Video } from '@framecast/client';
import '../app.css';
import { renditionsVersion } from '../playback/playback-source.js';
import { scoped } from '../remote.js';
import { Player } from './player.js';

export interface PlayerEntryProps {
  video: Video;
  onViewed?: () => void;
}

/**
 * The exposed player: any remote can embed a video that plays. Shows nothing for a video without playback yet; a
 * newer `video` with more renditions reloads the stream in place.
 */
function PlayerEntry({ video, onViewed }: PlayerEntryProps) {
  if (!video.playback) return null;
  return (
    <Player
      title={video.title}
      playback={video.playback}
      onViewed={onViewed}
      renditionsVersion={renditionsVersion(video)}
    />
  );
}

export default scoped(PlayerEntry);
