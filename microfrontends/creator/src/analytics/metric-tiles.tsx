import { Card, cn, Skeleton } from '@framecast/ui';
import type { ReactNode } from 'react';

export interface Metric {
  label: string;
  value: string;
  /** A line under the value: what it counts, or the figure beside it ("1 unfollowed"). */
  hint?: ReactNode;
}

/** Tiles a row holds on wide screens: as many as there are, up to six. */
const wideColumns = { 4: 'xl:grid-cols-4', 5: 'xl:grid-cols-5', 6: 'xl:grid-cols-6' } as const;

/** A report's headline numbers, one tile each, in one row on wide screens. */
export function MetricTiles({ metrics, columns = 6 }: { metrics: readonly Metric[]; columns?: 4 | 5 | 6 }) {
  return (
    <dl className={cn('grid grid-cols-2 gap-3 sm:grid-cols-3', wideColumns[columns])}>
      {metrics.map((metric) => (
        <Card key={metric.label} className="flex flex-col gap-1 px-4 py-3">
          <dt className="text-xs font-medium text-muted">{metric.label}</dt>
          <dd className="text-2xl font-bold tracking-tight text-fg tabular-nums">{metric.value}</dd>
          {metric.hint && <dd className="text-xs text-subtle">{metric.hint}</dd>}
        </Card>
      ))}
    </dl>
  );
}

const TILE_KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** The tiles and a chart while a report loads (at most six tiles). */
export function ReportSkeleton({ label, tiles = 6 }: { label: string; tiles?: number }) {
  return (
    <div role="status" aria-label={label} className="flex flex-col gap-6">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {TILE_KEYS.slice(0, tiles).map((key) => (
          <Skeleton key={key} className="h-[5.25rem] rounded-card" />
        ))}
      </div>
      <Skeleton className="h-80 rounded-card" />
    </div>
  );
}
