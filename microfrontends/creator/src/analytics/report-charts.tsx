import type { AnalyticsPoint, RetentionCurve, StreamAnalytics } from '@framecast/client';
import { Card } from '@framecast/ui';
import { Chart } from '../components/chart.js';
import { retentionChartOf, streamChartOf, viewsChartOf } from './analytics.series.js';
import { retentionSummary, streamSummary, viewsSummary } from './analytics.summary.js';
import { formatClock, formatNumber, stepLabel, timeZoneOf } from './analytics.words.js';

const decimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const steps = { minute: 60_000, hour: 3600_000, day: 24 * 3600_000 } as const;

/** Views and watch time over the range, a point per hour or UTC day. */
export function ViewsChart({
  report,
  now,
  timeZone,
}: {
  report: { from: string; to: string; granularity: 'hour' | 'day'; series: readonly AnalyticsPoint[] };
  now: number;
  timeZone?: string;
}) {
  const chart = viewsChartOf(report, now);
  const unit = chart.watchUnit === 'hours' ? 'h' : 'min';
  const zone = timeZoneOf(chart.granularity, timeZone);
  return (
    <Card className="p-4">
      <Chart
        title="Views and watch time"
        summary={viewsSummary(chart, timeZone)}
        x={chart.at}
        xKind="time"
        xStep={steps[chart.granularity]}
        xLabel={chart.granularity === 'day' ? 'Day (UTC)' : `Hour (${zone})`}
        formatX={(at) => stepLabel(at, chart.granularity, timeZone)}
        timeZone={zone}
        series={[
          {
            label: 'Views',
            values: chart.values[0] ?? [],
            color: 'brand',
            kind: 'bars',
            whole: true,
            format: formatNumber,
          },
          {
            label: `Watch time (${unit})`,
            values: chart.values[1] ?? [],
            color: 'chart-2',
            kind: 'line',
            axis: 'right',
            format: (v) => `${decimals.format(v)} ${unit}`,
          },
        ]}
      />
    </Card>
  );
}

/** Percent of plays still watching at each point of the video. */
export function RetentionChart({ curve }: { curve: RetentionCurve }) {
  const chart = retentionChartOf(curve);
  return (
    <Card className="p-4">
      <Chart
        title="Audience retention"
        summary={retentionSummary(curve)}
        x={chart.position}
        xKind="number"
        xLabel="Position in the video"
        formatX={formatClock}
        series={[
          {
            label: 'Still watching',
            values: chart.percent,
            color: 'brand',
            range: [0, 100],
            format: (v) => `${decimals.format(v)} %`,
          },
        ]}
      />
    </Card>
  );
}

/** Concurrent viewers and chat messages, minute by minute over the stream. */
export function StreamChart({ report, now, timeZone }: { report: StreamAnalytics; now: number; timeZone?: string }) {
  const chart = streamChartOf(report, now);
  const zone = timeZoneOf('minute', timeZone);
  return (
    <Card className="p-4">
      <Chart
        title="Concurrent viewers and chat"
        summary={streamSummary(chart, timeZone)}
        x={chart.at}
        xKind="time"
        xStep={steps.minute}
        xLabel={`Minute (${zone})`}
        formatX={(at) => stepLabel(at, 'minute', timeZone)}
        timeZone={zone}
        series={[
          {
            label: 'Concurrent viewers',
            values: chart.values[0] ?? [],
            color: 'brand',
            whole: true,
            format: formatNumber,
          },
          {
            label: 'Chat messages a minute',
            values: chart.values[1] ?? [],
            color: 'chart-2',
            kind: 'bars',
            axis: 'right',
            whole: true,
            format: formatNumber,
          },
        ]}
      />
    </Card>
  );
}
