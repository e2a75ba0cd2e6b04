import type { Video } from '@framecast/contracts';
import type { PlaybackSigner } from '../playback/playback.signer.js';
import { playbackUrls } from '../playback/playback.urls.js';
import type { VideoRow } from '../video.tables.js';
import { playbackFor, type Viewer } from './video.policy.js';
import { toVideo, videoFacts } from './video.view.js';

/** Renders a video for one caller: with playback URLs (signed when needed) only if that caller may watch it. */
export function videoPresenter(signer: PlaybackSigner) {
  return (row: VideoRow, viewer: Viewer): Video => {
    const mode = playbackFor(videoFacts(row), viewer);
    const outputs = row.details.outputs;
    if (mode === 'none' || !outputs) return toVideo(row);
    return toVideo(
      row,
      playbackUrls(
        row.id,
        outputs,
        mode === 'signed' ? signer.sign({ id: row.id, generation: row.playback_generation }) : null,
      ),
    );
  };
}

export type VideoPresenter = ReturnType<typeof videoPresenter>;
