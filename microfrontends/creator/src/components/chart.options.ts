import type uPlot from 'uplot';

/** The studio's chart colours: design tokens (`--color-*`), read from the page's stylesheet when a chart is drawn. */
export type ChartColor = 'brand' | 'chart-2';

export interface ChartSeries {
  /** "Views": the legend's and the table's name of the series. */
  label: string;
  values: readonly number[];
  color: ChartColor;
  /** `area` (the default): a line with its area filled; `line`; `bars`. */
  kind?: 'area' | 'line' | 'bars';
  /** `right` puts the series on a second axis, for a unit of its own. */
  axis?: 'left' | 'right';
  /** The series' value in words, for the legend and the table: "1,204", "3.5 h". */
  format: (value: number) => string;
  /** A fixed range of the axis, e.g. `[0, 100]` for percents. */
  range?: [number, number];
  /** Whole numbers only (counts): the axis has no ticks between them. */
  whole?: boolean;
}

export interface ChartSpec {
  /** x of every point: ms since the epoch (`time`), or seconds (a position in a video, `number`). */
  x: readonly number[];
  xKind: 'time' | 'number';
  /** Step of a time axis, for its ticks: a tick never falls between two steps. */
  xStep?: number;
  /** What x is, for the legend and the table's first column: "Day (UTC)", "Position in the video". */
  xLabel: string;
  /** An x value in words, for the axis, the legend and the table: "Jun 10", "1:05". */
  formatX: (x: number) => string;
  /** The time zone time ticks fall in: 'UTC' for UTC days, undefined for the browser's. */
  timeZone?: string;
  series: readonly ChartSeries[];
}

export type Palette = { [c in ChartColor | 'axis' | 'grid']: string };

/** A colour with `alpha` (0–1) when it is written as hex, as the tokens are; as it is otherwise. Pure. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return `#${full}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick steps a time axis may take: whole steps of the data, never finer than one. */
const timeIncrs = [
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
].concat([DAY, 2 * DAY, 3 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 56 * DAY, 91 * DAY]);

/** Tick steps of an axis of counts: 1, 2, 5, 10, 20, 50… */
const wholeIncrs = Array.from({ length: 24 }, (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3));

/** Tick steps of an axis of seconds (a position in a video): 1 s, 2 s, 5 s… 1 min, 2 min… */
const secondIncrs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18_000, 36_000, 86_400];

const font = '12px ui-sans-serif, system-ui, sans-serif';

/** What the options take of uPlot itself: its bar paths and its time-zone dates. */
export interface ChartLibrary {
  bars: () => uPlot.Series.PathBuilder;
  tzDate: (date: Date, timeZone: string) => Date;
}

/**
 * uPlot's options for a chart: one x axis and one or two y axes in the studio's colours, the legend's values in the
 * series' own words, ticks on whole steps of a time axis (in `timeZone`). `lib` is passed in, so this stays a pure
 * function of its input.
 */
export function chartOptions(
  spec: ChartSpec,
  size: { width: number; height: number },
  palette: Palette,
  lib: ChartLibrary,
): uPlot.Options {
  const { timeZone } = spec;
  const right = spec.series.some((s) => s.axis === 'right');
  const scaleOf = (s: ChartSeries) => (s.axis === 'right' ? 'y2' : 'y');
  const range = (key: 'y' | 'y2'): uPlot.Scale.Range => {
    const fixed = spec.series.find((s) => scaleOf(s) === key && s.range)?.range;
    if (fixed) return fixed;
    // From zero, with room above the highest point; a flat zero line still gets an axis up to 1.
    return (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1];
  };
  const axisOf = (key: 'y' | 'y2'): uPlot.Axis => {
    const first = spec.series.find((s) => scaleOf(s) === key);
    return {
      scale: key,
      side: key === 'y' ? 3 : 1,
      stroke: palette.axis,
      font,
      size: 56,
      ...(first ? { label: first.label, labelFont: font, labelSize: 20, labelGap: 2 } : {}),
      grid: { show: key === 'y', stroke: palette.grid, width: 1 },
      ticks: { show: false },
      ...(first?.whole ? { incrs: wholeIncrs } : {}),
      values: (_u, splits) => splits.map((v) => (first ? first.format(v) : String(v))),
    };
  };
  const step = spec.xStep ?? 0;
  const bars = spec.series.some((s) => s.kind === 'bars');
  return {
    width: size.width,
    height: size.height,
    ms: 1,
    ...(spec.xKind === 'time' && timeZone ? { tzDate: (ms: number) => lib.tzDate(new Date(ms), timeZone) } : {}),
    scales: {
      // Bars are centred on their step: half a step more on either side keeps the first and last whole.
      x:
        bars && step > 0
          ? { time: spec.xKind === 'time', range: (_u, min, max) => [min - step / 2, max + step / 2] }
          : { time: spec.xKind === 'time' },
      y: { range: range('y') },
      ...(right ? { y2: { range: range('y2') } } : {}),
    },
    cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    legend: { live: true },
    // Away from the cursor, the legend holds the last point's values (today, the end of the video).
    hooks: {
      ready: [(u) => showLast(u, spec.x.length)],
      setCursor: [(u) => u.cursor.idx == null && showLast(u, spec.x.length)],
    },
    axes: [
      {
        stroke: palette.axis,
        font,
        space: 72,
        size: 28,
        label: spec.xLabel,
        labelFont: font,
        labelSize: 18,
        labelGap: 0,
        grid: { show: false },
        ticks: { show: true, stroke: palette.grid, width: 1, size: 4 },
        incrs: spec.xKind === 'time' ? timeIncrs.filter((i) => i >= step) : secondIncrs,
        values: (_u, splits) => splits.map((v) => spec.formatX(v)),
      },
      axisOf('y'),
      ...(right ? [axisOf('y2')] : []),
    ],
    series: [
      { label: spec.xLabel, value: (_u, v) => (v == null ? '–' : spec.formatX(v)) },
      ...spec.series.map((s): uPlot.Series => {
        const color = palette[s.color];
        const kind = s.kind ?? 'area';
        return {
          label: s.label,
          scale: scaleOf(s),
          stroke: color,
          width: kind === 'bars' ? 0 : 2,
          // Bars on the second axis stay see-through, so the first axis' series shows behind them.
          fill:
            kind === 'bars'
              ? withAlpha(color, s.axis === 'right' ? 0.45 : 0.85)
              : kind === 'area'
                ? withAlpha(color, 0.16)
                : undefined,
          points: { show: kind !== 'bars' && spec.x.length <= 31, size: 5, fill: color },
          ...(kind === 'bars' ? { paths: lib.bars() } : {}),
          value: (_u, v) => (v == null ? '–' : s.format(v)),
        };
      }),
    ],
  };
}

const showLast = (u: uPlot, points: number) => {
  if (points > 0) u.setLegend({ idx: points - 1 });
};
