// @vitest-environment happy-dom
import type { LiveSetup, UpdateLiveBody } from '@framecast/client';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamDetailsForm } from './stream-details.form.js';
import { healthRows, StreamHealthCard } from './stream-health.card.js';
import { StreamKeyCard } from './stream-key.card.js';
import { StreamStatusCard } from './stream-status.card.js';

afterEach(cleanup);

const setup: LiveSetup = {
  streamKey: `live_${'k'.repeat(32)}`,
  ingest: {
    rtmp: 'rtmp://video.example/live',
    rtmpUrl: `rtmp://video.example/live/live_${'k'.repeat(32)}`,
    rtmps: null,
    rtmpsUrl: null,
    srt: null,
  },
  title: 'ada is live',
  category: null,
  status: 'offline',
  session: null,
};

describe('StreamKeyCard', () => {
  it('offers RTMPS and SRT when the server takes them, the SRT passphrase hidden until revealed', () => {
    const key = setup.streamKey;
    const both: LiveSetup = {
      ...setup,
      ingest: {
        ...setup.ingest,
        rtmps: 'rtmps://video.example:1936/live',
        rtmpsUrl: `rtmps://video.example:1936/live/${key}`,
        srt: `srt://video.example:8890?streamid=ada&passphrase=${key}`,
      },
    };
    render(<StreamKeyCard setup={both} rotating={false} rotateError={null} onRotate={() => {}} />);
    expect(screen.getByText('rtmps://video.example:1936/live')).toBeTruthy();
    expect(screen.getByTestId('srt-url').textContent).not.toContain(key);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(screen.getByTestId('srt-url').textContent).toContain(`passphrase=${key}`);
  });

  it('shows neither when the server takes only RTMP', () => {
    render(<StreamKeyCard setup={setup} rotating={false} rotateError={null} onRotate={() => {}} />);
    expect(screen.queryByTestId('srt-url')).toBeNull();
    expect(screen.queryByText(/RTMPS/)).toBeNull();
  });

  it('hides the key until revealed, and resets it only once confirmed', () => {
    const onRotate = vi.fn();
    render(<StreamKeyCard setup={setup} rotating={false} rotateError={null} onRotate={onRotate} />);
    expect(screen.getByText('rtmp://video.example/live')).toBeTruthy();
    expect(screen.getByTestId('stream-key').textContent).not.toContain('live_');
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(screen.getByTestId('stream-key').textContent).toBe(setup.streamKey);
    expect(screen.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    expect(screen.getByRole('dialog', { name: 'Reset your stream key?' })).toBeTruthy();
    expect(onRotate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset key' }));
    expect(onRotate).toHaveBeenCalledOnce();
    expect(screen.getByTestId('stream-key').textContent).not.toContain('live_');
  });

  it('warns that resetting ends a stream on air', () => {
    render(
      <StreamKeyCard setup={{ ...setup, status: 'live' }} rotating={false} rotateError={null} onRotate={() => {}} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    expect(screen.getByRole('dialog').textContent).toContain('your stream on air ends');
  });
});

describe('StreamDetailsForm', () => {
  it('saves a trimmed title and category, and refuses an empty title', () => {
    const saved: UpdateLiveBody[] = [];
    render(
      <StreamDetailsForm setup={setup} saving={false} saveError={null} saved={false} onSave={(b) => saved.push(b)} />,
    );
    const save = screen.getByRole('button', { name: 'Save details' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '   ' } });
    expect(screen.getByText('The stream needs a title.')).toBeTruthy();
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '  Building a compiler ' } });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: ' Science & Technology ' } });
    fireEvent.click(save);
    expect(saved).toEqual([{ title: 'Building a compiler', category: 'Science & Technology' }]);
  });
});

describe('StreamStatusCard', () => {
  it('says whether the channel is on air, and how the last stream went', () => {
    const session = {
      id: 's1',
      channel: { id: 'u1', handle: 'ada' },
      title: 'Building a compiler',
      category: null,
      startedAt: new Date(Date.now() - 3600_000).toISOString(),
      endedAt: null,
      endReason: null,
      viewers: 12,
      peakViewers: 40,
      ingest: null,
      replayVideoId: null,
    };
    const { rerender } = render(<StreamStatusCard setup={setup} />);
    expect(screen.getByTestId('live-status').textContent).toBe('Offline');
    rerender(<StreamStatusCard setup={{ ...setup, status: 'live', session }} />);
    expect(screen.getByTestId('live-status').textContent).toBe('You are live');
    expect(screen.getByText(/12 viewers now/)).toBeTruthy();
    rerender(<StreamStatusCard setup={{ ...setup, session: { ...session, endedAt: new Date().toISOString() } }} />);
    expect(screen.getByText(/peak of 40 viewers/)).toBeTruthy();
  });
});

describe('StreamHealthCard', () => {
  const ingest = {
    bitrate: 4_500_000,
    fps: 30,
    keyframeInterval: 2,
    droppedFrames: 0,
    videoCodec: 'avc1.64001f',
    audioCodec: 'mp4a.40.2',
    width: 1280,
    height: 720,
  };
  const notice = {
    kind: 'stream' as const,
    sessionId: 's1',
    live: true,
    viewers: 3,
    peakViewers: 4,
    ingest,
    transcodeSpeed: 1.01,
  };

  it('shows the numbers while live, and waits for them otherwise', () => {
    const { rerender } = render(<StreamHealthCard notice={null} />);
    expect(screen.getByText(/show here while you are live/)).toBeTruthy();
    rerender(<StreamHealthCard notice={notice} />);
    expect(screen.getByText('4.5 Mbit/s')).toBeTruthy();
    expect(screen.getByText('1280×720')).toBeTruthy();
    expect(screen.getByText('1.01× real time')).toBeTruthy();
  });

  it('warns of long keyframe intervals and a transcoder falling behind', () => {
    const rows = healthRows({ ...ingest, keyframeInterval: 8 }, 0.7);
    expect(rows.find((r) => r.label === 'Keyframe interval')?.warning).toMatch(/1 or 2 s/);
    expect(rows.find((r) => r.label === 'Transcoding')?.warning).toMatch(/cannot keep up/);
    expect(healthRows(ingest, 1).every((r) => r.warning === undefined)).toBe(true);
  });
});
