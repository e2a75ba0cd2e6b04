import type { QoeReport } from '@framecast/client';
import { useId } from 'react';
import { formatBitrate, formatNumber, formatPercent, formatStartup } from './analytics.words.js';
import { MetricTiles } from './metric-tiles.js';

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** Playback quality over the range: how fast it starts, how often it stalls, errors, rendition switches. */
export function QoeSection({ qoe }: { qoe: QoeReport }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <h2 id={titleId} className="text-lg font-bold text-fg">
          Playback quality
        </h2>
        <p className="text-sm text-muted">What viewers’ players reported while they played.</p>
      </div>
      <MetricTiles
        columns={5}
        metrics={[
          {
            label: 'Startup time',
            value: formatStartup(qoe.startupTimeMs),
            hint: qoe.startupSamples > 0 ? `Average of ${plural(qoe.startupSamples, 'start')}` : 'No starts measured',
          },
          {
            label: 'Rebuffering',
            value: formatPercent(qoe.rebufferRatio),
            hint: `Of playing time · ${plural(qoe.rebufferEvents, 'stall')}`,
          },
          {
            label: 'Playback errors',
            value: formatNumber(qoe.errors),
            hint: `${formatNumber(qoe.fatalErrors)} stopped playback`,
          },
          { label: 'Quality switches', value: formatNumber(qoe.bitrateSwitches), hint: 'Changes of rendition' },
          { label: 'Average bitrate', value: formatBitrate(qoe.averageBitrate), hint: 'Weighted by time played' },
        ]}
      />
    </section>
  );
}
