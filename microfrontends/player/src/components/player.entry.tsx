import type { Video } from '@framecast/client';
import '../app.css';
import { scoped } from '../remote.js';
import { Player } from './player.js';

export interface PlayerEntryProps {
  video: Video;
  onViewed?: () => void;
}

/** The exposed player: any remote can embed a ready video. Shows nothing for a video without playback yet. */
function PlayerEntry({ video, onViewed }: PlayerEntryProps) {
  if (!video.playback) return null;
  return <Player title={video.title} playback={video.playback} onViewed={onViewed} />;
}

export default scoped(PlayerEntry);
