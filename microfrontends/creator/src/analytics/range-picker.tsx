import { Button, cn } from '@framecast/ui';
import { type FormEvent, useId, useState } from 'react';
import { customRangeProblem, daysOf, RANGE_PRESETS, type RangeChoice } from './analytics.range.js';

export interface RangePickerProps {
  value: RangeChoice;
  onChange: (choice: RangeChoice) => void;
  /** Now, in ms: which days "the last N days" and "today" are. */
  now: number;
}

const segment = (active: boolean) =>
  cn(
    'h-8 rounded-control px-3 text-sm font-medium transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand',
    active ? 'bg-overlay text-fg' : 'text-muted hover:bg-raised hover:text-fg',
  );

const dateInput =
  'h-8 rounded-control border border-line bg-canvas px-2 text-sm text-fg [color-scheme:dark] focus-visible:outline-2 focus-visible:outline-brand';

/**
 * The range of a report: the last 7, 28 or 90 days, or custom days from one to another (UTC days, as the reports
 * count them). A custom range is applied when the creator says so, once both days make a range.
 */
export function RangePicker({ value, onChange, now }: RangePickerProps) {
  const id = useId();
  const today = daysOf({ kind: 'last', days: 7 }, now).to;
  const shown = daysOf(value, now);
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom');
  const [from, setFrom] = useState(shown.from);
  const [to, setTo] = useState(shown.to);
  const [problem, setProblem] = useState<string | null>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const wrong = customRangeProblem(from, to, today);
    setProblem(wrong);
    if (!wrong) onChange({ kind: 'custom', from, to });
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <fieldset className="flex flex-wrap items-center gap-1 rounded-card border border-line bg-surface p-1">
        <legend className="sr-only">Date range</legend>
        {RANGE_PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            aria-pressed={value.kind === 'last' && value.days === days}
            className={segment(value.kind === 'last' && value.days === days)}
            onClick={() => {
              setCustomOpen(false);
              setProblem(null);
              onChange({ kind: 'last', days });
            }}
          >
            Last {days} days
          </button>
        ))}
        <button
          type="button"
          aria-expanded={customOpen}
          aria-controls={`${id}-custom`}
          className={segment(value.kind === 'custom' || customOpen)}
          onClick={() => setCustomOpen((open) => !open)}
        >
          Custom
        </button>
      </fieldset>
      {customOpen && (
        <form
          id={`${id}-custom`}
          onSubmit={apply}
          aria-label="Custom date range"
          className="grid grid-cols-[auto_auto_auto] items-end gap-2"
          noValidate
        >
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            From
            <input
              type="date"
              value={from}
              max={today}
              onChange={(e) => setFrom(e.target.value)}
              className={dateInput}
              aria-describedby={problem ? `${id}-problem` : `${id}-utc`}
            />
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            To
            <input
              type="date"
              value={to}
              max={today}
              onChange={(e) => setTo(e.target.value)}
              className={dateInput}
              aria-describedby={problem ? `${id}-problem` : `${id}-utc`}
            />
          </label>
          <Button type="submit" variant="secondary" size="sm">
            Apply
          </Button>
          <p id={`${id}-utc`} className="col-span-3 text-right text-xs text-subtle">
            Days are counted in UTC.
          </p>
          {problem && (
            <p id={`${id}-problem`} role="alert" className="col-span-3 text-right text-sm text-danger">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
