import type { Visibility } from '@framecast/client';
import { SelectField } from '@framecast/ui';
import { visibilityTexts } from './visibility.js';

const options = (Object.keys(visibilityTexts) as Visibility[]).map((value) => ({
  value,
  label: visibilityTexts[value].label,
}));

/** Picks a visibility, saying under the select what the chosen one means. */
export function VisibilityField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Visibility;
  onChange: (visibility: Visibility) => void;
}) {
  return (
    <SelectField
      label={label}
      value={value}
      options={options}
      hint={visibilityTexts[value].hint}
      onChange={(event) => onChange(event.target.value as Visibility)}
    />
  );
}
