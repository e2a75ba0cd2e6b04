import { Menu, MenuRadioGroup, MenuSeparator, SettingsIcon } from '@framecast/ui';
import type { QualityLevel, StreamFormat } from '@framecast/ui/playback';
import { currentQualityLabel, qualityOptions } from '../playback/quality.js';

export interface QualityMenuProps {
  levels: readonly QualityLevel[];
  selected: number;
  playing: number | null;
  onSelect: (index: number) => void;
  /** The streaming format, when the viewer may switch it. */
  format?: { value: StreamFormat; onChange: (format: StreamFormat) => void } | undefined;
}

const formats: readonly { value: StreamFormat; label: string }[] = [
  { value: 'hls', label: 'HLS' },
  { value: 'dash', label: 'DASH' },
];

/** The "Quality" button: a menu of radio items (Auto, each rendition) and the streaming format. */
export function QualityMenu({ levels, selected, playing, onSelect, format }: QualityMenuProps) {
  const qualities = qualityOptions(levels).map((option) => ({ value: String(option.value), label: option.label }));
  return (
    <Menu
      label="Quality"
      look="video"
      side="top"
      triggerClassName="flex h-9 items-center gap-1.5 rounded-control px-2 text-sm font-semibold text-white hover:bg-white/10"
      trigger={
        <>
          <SettingsIcon className="size-5" />
          <span className="hidden sm:inline" data-testid="quality-current">
            {currentQualityLabel(levels, selected, playing)}
          </span>
        </>
      }
    >
      <MenuRadioGroup
        label="Quality"
        value={String(selected)}
        options={qualities}
        onChange={(value) => onSelect(Number(value))}
      />
      {format && (
        <>
          <MenuSeparator />
          <MenuRadioGroup label="Format" value={format.value} options={formats} onChange={format.onChange} />
        </>
      )}
    </Menu>
  );
}
