import {
  CHAT_DELAY_MAX_SECONDS,
  CHAT_SLOW_MODE_MAX_SECONDS,
  CHAT_SLOW_MODE_MIN_SECONDS,
  type ChatSettings,
  type ChatSettingsPatch,
} from '@framecast/client';
import { Alert, Button, Card, chatApiErrorText, SelectField, SwitchField, TextField } from '@framecast/ui';
import { type FormEvent, useState } from 'react';
import {
  type ChatSettingsForm,
  checkSettingsForm,
  type FollowAgeUnit,
  formFromSettings,
  settingsPatch,
} from './chat-settings.rules.js';

export interface ChatModesFormProps {
  settings: ChatSettings;
  saving: boolean;
  saveError: unknown;
  saved: boolean;
  onSave: (patch: ChatSettingsPatch) => void;
}

const unitOptions: { value: FollowAgeUnit; label: string }[] = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
  { value: 'months', label: 'months' },
];
const delayOptions = Array.from({ length: CHAT_DELAY_MAX_SECONDS + 1 }, (_, s) => ({
  value: String(s),
  label: s === 0 ? 'No delay' : `${s} second${s === 1 ? '' : 's'}`,
}));

/** The room's modes, saved together (only what changed is sent); viewers' panels change as soon as it is saved. */
export function ChatModesForm({ settings, saving, saveError, saved, onSave }: ChatModesFormProps) {
  const [form, setForm] = useState<ChatSettingsForm>(() => formFromSettings(settings));
  const [tried, setTried] = useState(false);
  const set = <K extends keyof ChatSettingsForm>(key: K, value: ChatSettingsForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const checked = checkSettingsForm(form);
  const errors = checked.ok || !tried ? {} : checked.errors;
  const patch = checked.ok ? settingsPatch(checked.settings, settings) : null;
  const dirty = !checked.ok || patch !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (checked.ok && patch) onSave(patch);
  };

  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">Chat modes</h2>
        <p className="text-sm text-muted">
          How people can chat in your room. Saved modes reach everyone in the chat at once.
        </p>
      </div>
      <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
        {saveError ? <Alert tone="error">{chatApiErrorText(saveError)}</Alert> : null}
        <SwitchField
          label="Slow mode"
          hint="Each viewer waits between messages."
          checked={form.slowMode}
          onChange={(on) => set('slowMode', on)}
        >
          <TextField
            label="Seconds between messages"
            name="slowModeSeconds"
            type="number"
            inputMode="numeric"
            min={CHAT_SLOW_MODE_MIN_SECONDS}
            max={CHAT_SLOW_MODE_MAX_SECONDS}
            value={form.slowModeSeconds}
            onChange={(e) => set('slowModeSeconds', e.target.value)}
            hint={`${CHAT_SLOW_MODE_MIN_SECONDS} to ${CHAT_SLOW_MODE_MAX_SECONDS} seconds.`}
            error={errors.slowModeSeconds}
          />
        </SwitchField>
        <SwitchField
          label="Followers only"
          hint="Only followers can chat, optionally after following for a while."
          checked={form.followersOnly}
          onChange={(on) => set('followersOnly', on)}
        >
          <div className="grid grid-cols-[minmax(0,1fr)_9rem] items-start gap-3">
            <TextField
              label="Followed for at least"
              name="followAge"
              type="number"
              inputMode="numeric"
              min={0}
              value={form.followAge}
              onChange={(e) => set('followAge', e.target.value)}
              hint="0 lets any follower chat; at most 3 months."
              error={errors.followAge}
            />
            <SelectField
              label="Unit"
              name="followAgeUnit"
              options={unitOptions}
              value={form.followAgeUnit}
              onChange={(e) => set('followAgeUnit', e.target.value as FollowAgeUnit)}
            />
          </div>
        </SwitchField>
        <SwitchField
          label="Emote only"
          hint="Messages can only hold emoji."
          checked={form.emoteOnly}
          onChange={(on) => set('emoteOnly', on)}
        />
        <SwitchField
          label="Unique chat"
          hint="A message the chat saw in the last 30 seconds cannot be sent again."
          checked={form.uniqueChat}
          onChange={(on) => set('uniqueChat', on)}
        />
        <SwitchField
          label="Allow links"
          hint="Links in messages can be clicked; otherwise they show as plain text."
          checked={form.linksAllowed}
          onChange={(on) => set('linksAllowed', on)}
        />
        <SelectField
          label="Message delay"
          name="delaySeconds"
          options={delayOptions}
          value={form.delaySeconds}
          onChange={(e) => set('delaySeconds', e.target.value)}
          hint="Viewers see messages this much later than you and your moderators, so removed ones are never seen."
        />
        <div className="flex items-center gap-3">
          <Button type="submit" loading={saving} disabled={!dirty}>
            Save modes
          </Button>
          {saved && !dirty ? (
            <output className="text-sm text-muted" aria-live="polite">
              Saved.
            </output>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
