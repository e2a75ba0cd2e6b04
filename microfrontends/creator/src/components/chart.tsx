import { Button, cn } from '@framecast/ui';
import { useEffect, useId, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type ChartSpec, chartOptions, type Palette } from './chart.options.js';

export interface ChartProps extends ChartSpec {
  /** What the chart shows, as its caption: "Views and watch time". */
  title: string;
  /** The chart in one or two sentences, for those who do not see it: its description. */
  summary: string;
  /** Height of the plotting area with its axes, in CSS pixels. */
  height?: number;
  className?: string;
}

/** Where the page's stylesheet gives no `--chart-*` colour (a bare test page), the tokens' own values. */
const fallback: Palette = { brand: '#8b5cf6', 'chart-2': '#38bdf8', axis: '#adadb8', grid: '#2f2f35' };

function paletteOf(element: HTMLElement): Palette {
  const style = getComputedStyle(element);
  const token = (name: string, value: string) => style.getPropertyValue(`--chart-${name}`).trim() || value;
  return {
    brand: token('1', fallback.brand),
    'chart-2': token('2', fallback['chart-2']),
    axis: token('axis', fallback.axis),
    grid: token('grid', fallback.grid),
  };
}

/** Canvas charts need a 2D context; without one (a page without canvas), the chart's table still tells it all. */
const canDraw = () =>
  typeof ResizeObserver !== 'undefined' && document.createElement('canvas').getContext?.('2d') != null;

/**
 * A chart of one or two series over time (or over a position), drawn by uPlot on a canvas, with its text
 * alternative: a description, and a table of every point, read by screen readers and shown on demand. uPlot is
 * loaded with the first chart, so pages without one never download it.
 */
export function Chart({ title, summary, height = 240, className, ...spec }: ChartProps) {
  const id = useId();
  const plotRef = useRef<HTMLDivElement>(null);
  const [showTable, setShowTable] = useState(false);
  // The latest spec, read when drawing; the chart is drawn again only when what it shows changes.
  const specRef = useRef(spec);
  specRef.current = spec;
  const drawn = JSON.stringify([
    spec.x,
    spec.xKind,
    spec.timeZone,
    spec.series.map((s) => [s.label, s.values, s.color, s.kind, s.axis, s.range]),
    height,
  ]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `drawn` draws it again when what it shows changes.
  useEffect(() => {
    const element = plotRef.current;
    if (!element || !canDraw()) return;
    let plot: uPlot | null = null;
    let gone = false;
    const resize = new ResizeObserver(() => {
      if (plot && element.clientWidth > 0) plot.setSize({ width: element.clientWidth, height });
    });
    void import('uplot').then(({ default: UPlot }) => {
      if (gone) return;
      const current = specRef.current;
      const options = chartOptions(current, { width: element.clientWidth, height }, paletteOf(element), {
        bars: () => UPlot.paths.bars?.({ size: [0.7, 48], gap: 1 }) ?? UPlot.paths.linear!(),
        tzDate: UPlot.tzDate,
      });
      plot = new UPlot(options, [[...current.x], ...current.series.map((s) => [...s.values])], element);
      resize.observe(element);
    });
    return () => {
      gone = true;
      resize.disconnect();
      plot?.destroy();
    };
  }, [drawn, height]);

  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
      className={cn('flex flex-col gap-2', className)}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <figcaption id={`${id}-title`} className="text-sm font-semibold text-fg">
          {title}
        </figcaption>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={showTable}
          aria-controls={`${id}-table`}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? 'Hide the table' : 'Show as a table'}
        </Button>
      </div>
      <p id={`${id}-summary`} className="sr-only">
        {summary}
      </p>
      <div ref={plotRef} aria-hidden="true" className="chart w-full" style={{ minHeight: height }} />
      <div
        id={`${id}-table`}
        className={showTable ? 'max-h-80 overflow-auto rounded-control border border-line' : 'sr-only'}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="sticky top-0 bg-raised text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                {spec.xLabel}
              </th>
              {spec.series.map((s) => (
                <th key={s.label} scope="col" className="px-3 py-2 text-right font-medium">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-line text-fg">
            {spec.x.map((x, i) => (
              <tr key={x}>
                <th scope="row" className="px-3 py-1.5 font-normal text-muted">
                  {spec.formatX(x)}
                </th>
                {spec.series.map((s) => (
                  <td key={s.label} className="px-3 py-1.5 text-right tabular-nums">
                    {s.format(s.values[i] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
