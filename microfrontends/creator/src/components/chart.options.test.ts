import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { type ChartSpec, chartOptions, withAlpha } from './chart.options.js';

const palette = { brand: '#8b5cf6', 'chart-2': '#38bdf8', axis: '#adadb8', grid: '#2f2f35' };
const paths = (() => null) as unknown as uPlot.Series.PathBuilder;
const zoned: string[] = [];
const lib = {
  bars: () => paths,
  tzDate: (date: Date, timeZone: string) => {
    zoned.push(timeZone);
    return date;
  },
};
const HOUR = 3600_000;
const spec: ChartSpec = {
  x: [0, 1, 2].map((d) => Date.parse('2026-06-01T00:00:00.000Z') + d * 24 * HOUR),
  xKind: 'time',
  xStep: 24 * HOUR,
  xLabel: 'Day (UTC)',
  formatX: (at) => new Date(at).toISOString().slice(5, 10),
  timeZone: 'UTC',
  series: [
    { label: 'Views', values: [1, 4, 2], color: 'brand', whole: true, format: (v) => `${v} views` },
    { label: 'Watch time', values: [5, 9, 3], color: 'chart-2', kind: 'line', axis: 'right', format: (v) => `${v} h` },
  ],
};
const size = { width: 800, height: 240 };
const fakePlot = {} as uPlot;

describe('chart options', () => {
  it('puts a series of its own unit on a right axis, in the studio’s colours', () => {
    const options = chartOptions(spec, size, palette, lib);
    expect(options.axes?.map((a) => a.scale ?? 'x')).toEqual(['x', 'y', 'y2']);
    expect(options.axes![1]!.side).toBe(3);
    expect(options.axes![2]!.side).toBe(1);
    expect(options.series.slice(1).map((s) => [s.label, s.scale, s.stroke, s.fill])).toEqual([
      ['Views', 'y', '#8b5cf6', '#8b5cf629'],
      ['Watch time', 'y2', '#38bdf8', undefined],
    ]);
    const single = chartOptions({ ...spec, series: spec.series.slice(0, 1) }, size, palette, lib);
    expect(single.axes).toHaveLength(2);
    expect(single.scales?.y2).toBeUndefined();
  });

  it('writes axis values and legend values in the series’ own words', () => {
    const options = chartOptions(spec, size, palette, lib);
    const values = (i: number, splits: number[]) =>
      (options.axes![i]!.values as (u: uPlot, splits: number[]) => string[])(fakePlot, splits);
    expect(values(0, [spec.x[1]!])).toEqual(['06-02']);
    expect(values(1, [0, 2])).toEqual(['0 views', '2 views']);
    expect(values(2, [4.5])).toEqual(['4.5 h']);
    const legend = (i: number, v: number | null) =>
      (options.series[i]!.value as (u: uPlot, v: number | null, s: number, i: number) => string)(fakePlot, v, i, 0);
    expect(legend(0, spec.x[0]!)).toBe('06-01');
    expect(legend(2, 9)).toBe('9 h');
    expect(legend(1, null)).toBe('–');
  });

  it('starts counts at zero, gives a flat zero line an axis, and keeps fixed ranges', () => {
    const options = chartOptions(spec, size, palette, lib);
    const range = options.scales?.y?.range as (u: uPlot, min: number, max: number) => [number, number];
    expect(range(fakePlot, 1, 4)).toEqual([0, 4.4]);
    expect(range(fakePlot, 0, 0)).toEqual([0, 1]);
    const percent = chartOptions({ ...spec, series: [{ ...spec.series[0]!, range: [0, 100] }] }, size, palette, lib);
    expect(percent.scales?.y?.range).toEqual([0, 100]);
  });

  it('ticks a time axis on whole steps of its data in its time zone, and counts on whole numbers', () => {
    const options = chartOptions(spec, size, palette, lib);
    expect(Math.min(...(options.axes![0]!.incrs as number[]))).toBe(24 * HOUR);
    const hourly = chartOptions({ ...spec, xStep: HOUR }, size, palette, lib);
    expect(Math.min(...(hourly.axes![0]!.incrs as number[]))).toBe(HOUR);
    expect((options.axes![1]!.incrs as number[]).slice(0, 5)).toEqual([1, 2, 5, 10, 20]);
    expect(options.axes![2]!.incrs).toBeUndefined();
    options.tzDate?.(spec.x[0]!);
    expect(zoned).toEqual(['UTC']);
    expect(chartOptions({ ...spec, timeZone: undefined }, size, palette, lib).tzDate).toBeUndefined();
    expect(chartOptions({ ...spec, xKind: 'number' }, size, palette, lib).scales?.x?.time).toBe(false);
  });

  it('draws bars with uPlot’s bar paths, filled, and marks points only when there are few', () => {
    const bars = chartOptions({ ...spec, series: [{ ...spec.series[0]!, kind: 'bars' }] }, size, palette, lib);
    expect(bars.series[1]!.paths).toBe(paths);
    expect(bars.series[1]!.fill).toBe('#8b5cf6d9');
    const many = Array.from({ length: 90 }, (_, i) => i);
    const dense = chartOptions(
      { ...spec, x: many, series: [{ ...spec.series[0]!, values: many }] },
      size,
      palette,
      lib,
    );
    expect((dense.series[1]!.points as { show: boolean }).show).toBe(false);
    expect((chartOptions(spec, size, palette, lib).series[1]!.points as { show: boolean }).show).toBe(true);
  });

  it('adds an alpha to hex colours and leaves others as they are', () => {
    expect(withAlpha('#8b5cf6', 0.16)).toBe('#8b5cf629');
    expect(withAlpha('#abc', 1)).toBe('#aabbccff');
    expect(withAlpha('rgb(1 2 3)', 0.5)).toBe('rgb(1 2 3)');
  });
});
