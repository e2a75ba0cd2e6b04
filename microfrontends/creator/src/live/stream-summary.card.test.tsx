// @vitest-environment happy-dom
import type { StreamEndReason, StreamSession } from '@framecast/client';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamSummaryCard } from './stream-summary.card.js';
import type { ReplayState } from './stream-summary.js';

afterEach(cleanup);

const session: StreamSession = {
  id: 's1',
  channel: { id: 'u1', handle: 'ada' },
  title: 'Building a compiler',
  category: null,
  startedAt: new Date(Date.now() - 45 * 60_000).toISOString(),
  endedAt: new Date(Date.now() - 60_000).toISOString(),
  endReason: 'publisher_left',
  viewers: 0,
  peakViewers: 40,
  ingest: {
    bitrate: 2_500_000,
    fps: 30,
    keyframeInterval: 2,
    droppedFrames: 3,
    videoCodec: 'avc1.64001f',
    audioCodec: 'mp4a.40.2',
    width: 854,
    height: 480,
  },
  replayVideoId: 'v1',
};

function renderCard(over: Partial<StreamSession> = {}, replay: ReplayState = { kind: 'processing', progress: null }) {
  const navigate = vi.fn();
  const onDismiss = vi.fn();
  const view = render(
    <StreamSummaryCard session={{ ...session, ...over }} replay={replay} navigate={navigate} onDismiss={onDismiss} />,
  );
  return { ...view, navigate, onDismiss };
}

describe('StreamSummaryCard', () => {
  it('sums the stream up: how long, the peak, the last ingest numbers', () => {
    renderCard();
    const region = screen.getByRole('region', { name: 'Stream summary' });
    expect(region.textContent).toContain('“Building a compiler”, ended 1 minute ago');
    const facts = screen.getByTestId('stream-summary').textContent;
    for (const text of [
      'Duration44:00',
      'Peak viewers40 viewers',
      '854×480',
      '2.5 Mbit/s',
      '30 fps',
      'Dropped frames3',
    ]) {
      expect(facts).toContain(text);
    }
  });

  it.each<[StreamEndReason, RegExp]>([
    ['publisher_left', /^You stopped streaming\.$/],
    ['key_rotated', /stream key was reset/],
    ['ingest_failed', /stopped arriving, or could not be transcoded/],
    ['shutdown', /server shut down/],
    ['account_deleted', /account was deleted/],
  ])('says why it ended: %s', (endReason, words) => {
    renderCard({ endReason });
    expect(screen.getByTestId('end-reason').textContent).toMatch(words);
  });

  it('says the replay is processing, then links to it once ready', () => {
    const { rerender, navigate, onDismiss } = renderCard({}, { kind: 'processing', progress: null });
    expect(screen.getByText('Replay processing…')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Watch the replay' })).toBeNull();
    rerender(
      <StreamSummaryCard
        session={session}
        replay={{ kind: 'processing', progress: 60 }}
        navigate={navigate}
        onDismiss={onDismiss}
      />,
    );
    expect(screen.getByText('Replay processing… 60 %')).toBeTruthy();
    rerender(
      <StreamSummaryCard
        session={session}
        replay={{ kind: 'ready', videoId: 'v1', views: 1 }}
        navigate={navigate}
        onDismiss={onDismiss}
      />,
    );
    const link = screen.getByRole('link', { name: 'Watch the replay' });
    expect(link.getAttribute('href')).toBe('/watch/v1');
    expect(screen.queryByText(/Replay processing/)).toBeNull();
    expect(screen.getByText('1 view')).toBeTruthy();
    fireEvent.click(link);
    expect(navigate).toHaveBeenCalledWith('/watch/v1');
  });

  it('says when there is no replay, or it failed, or was deleted', () => {
    const { rerender } = renderCard({ replayVideoId: null }, { kind: 'none' });
    expect(screen.getByText(/No replay: the stream ended before any video was recorded/)).toBeTruthy();
    rerender(
      <StreamSummaryCard
        session={session}
        replay={{ kind: 'failed', reason: 'The recording is damaged.' }}
        navigate={() => {}}
        onDismiss={() => {}}
      />,
    );
    expect(screen.getByText('The replay could not be made: The recording is damaged.')).toBeTruthy();
    rerender(
      <StreamSummaryCard session={session} replay={{ kind: 'deleted' }} navigate={() => {}} onDismiss={() => {}} />,
    );
    expect(screen.getByText('The replay was deleted.')).toBeTruthy();
  });

  it('links to the stream’s analytics', () => {
    const { navigate } = renderCard();
    const link = screen.getByRole('link', { name: 'Stream analytics' });
    expect(link.getAttribute('href')).toBe('/studio/analytics/streams/s1');
    fireEvent.click(link);
    expect(navigate).toHaveBeenCalledWith('/studio/analytics/streams/s1');
  });

  it('is dismissed with its close button', () => {
    const { onDismiss } = renderCard();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss the stream summary' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});
