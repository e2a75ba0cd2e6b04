import { CheckIcon, cn, SettingsIcon } from '@framecast/ui';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { StreamFormat } from '../playback/playback-source.js';
import { currentQualityLabel, type QualityLevel, qualityOptions } from '../playback/quality.js';

export interface QualityMenuProps {
  levels: readonly QualityLevel[];
  selected: number;
  playing: number | null;
  onSelect: (index: number) => void;
  format: StreamFormat;
  onFormat: (format: StreamFormat) => void;
}

const formats: { [format in StreamFormat]: string } = { hls: 'HLS', dash: 'DASH' };

/** The "Quality" button: a menu of radio items (Auto, each rendition) and the streaming format. */
export function QualityMenu({ levels, selected, playing, onSelect, format, onFormat }: QualityMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // The menu's keys are its own: they must not reach the player's shortcuts.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  };

  const item = (checked: boolean, label: string, onChoose: () => void, key: string) => (
    <button
      key={key}
      type="button"
      role="menuitemradio"
      aria-checked={checked}
      tabIndex={-1}
      onClick={() => {
        onChoose();
        close();
      }}
      className="flex w-full items-center gap-2 rounded-control px-2.5 py-1.5 text-left text-sm text-white outline-none hover:bg-white/10 focus-visible:bg-white/15"
    >
      <CheckIcon className={cn('size-4', !checked && 'invisible')} />
      {label}
    </button>
  );

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label="Quality"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
        className="flex h-9 items-center gap-1.5 rounded-control px-2 text-sm font-semibold text-white hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-brand"
      >
        <SettingsIcon className="size-5" />
        <span className="hidden sm:inline" data-testid="quality-current">
          {currentQualityLabel(levels, selected, playing)}
        </span>
      </button>
      {open && (
        <div
          ref={list}
          id={id}
          role="menu"
          aria-label="Quality"
          tabIndex={-1}
          onKeyDown={onKeyDown}
          className="absolute right-0 bottom-11 z-20 flex w-52 flex-col rounded-card border border-white/10 bg-black/90 p-1.5 shadow-popover backdrop-blur"
        >
          <p className="px-2.5 pt-1 pb-1 text-xs font-semibold tracking-wide text-white/60 uppercase">Quality</p>
          {qualityOptions(levels).map((option) =>
            item(option.value === selected, option.label, () => onSelect(option.value), `q${option.value}`),
          )}
          <hr className="my-1.5 border-white/10" />
          <p className="px-2.5 pb-1 text-xs font-semibold tracking-wide text-white/60 uppercase">Format</p>
          {(Object.keys(formats) as StreamFormat[]).map((key) =>
            item(key === format, formats[key], () => onFormat(key), key),
          )}
        </div>
      )}
    </div>
  );
}
