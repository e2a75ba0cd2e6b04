import { defaultChatSettings } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { checkSettingsForm, formFromSettings, settingsPatch } from './chat-settings.rules.js';

describe('the chat modes form', () => {
  it('starts from the room’s settings, a follow age in its largest whole unit', () => {
    expect(formFromSettings(defaultChatSettings)).toMatchObject({
      slowMode: false,
      slowModeSeconds: '30',
      followersOnly: false,
      delaySeconds: '0',
    });
    expect(formFromSettings({ ...defaultChatSettings, followersOnlyMinutes: 2 * 24 * 60 })).toMatchObject({
      followersOnly: true,
      followAge: '2',
      followAgeUnit: 'days',
    });
    expect(formFromSettings({ ...defaultChatSettings, followersOnlyMinutes: 0 })).toMatchObject({
      followAge: '0',
      followAgeUnit: 'minutes',
    });
    expect(formFromSettings({ ...defaultChatSettings, followersOnlyMinutes: 90 })).toMatchObject({
      followAge: '90',
      followAgeUnit: 'minutes',
    });
  });

  it('holds slow mode to 3–120 s and the follow age to 3 months', () => {
    const form = formFromSettings(defaultChatSettings);
    expect(checkSettingsForm({ ...form, slowMode: true, slowModeSeconds: '2' })).toMatchObject({
      ok: false,
      errors: { slowModeSeconds: 'Slow mode is 3 to 120 seconds.' },
    });
    expect(checkSettingsForm({ ...form, slowMode: true, slowModeSeconds: '121' }).ok).toBe(false);
    expect(checkSettingsForm({ ...form, slowMode: true, slowModeSeconds: '4.5' }).ok).toBe(false);
    expect(checkSettingsForm({ ...form, followersOnly: true, followAge: '4', followAgeUnit: 'months' }).ok).toBe(false);
    // Off, a bad number does not matter.
    expect(checkSettingsForm({ ...form, slowModeSeconds: 'abc' }).ok).toBe(true);
    expect(
      checkSettingsForm({
        ...form,
        slowMode: true,
        slowModeSeconds: '120',
        followersOnly: true,
        followAge: '3',
        followAgeUnit: 'months',
      }),
    ).toEqual({
      ok: true,
      settings: { ...defaultChatSettings, slowModeSeconds: 120, followersOnlyMinutes: 90 * 24 * 60 },
    });
  });

  it('sends only what changed', () => {
    const next = { ...defaultChatSettings, emoteOnly: true, delaySeconds: 5 };
    expect(settingsPatch(next, defaultChatSettings)).toEqual({ emoteOnly: true, delaySeconds: 5 });
    expect(settingsPatch(defaultChatSettings, defaultChatSettings)).toBeNull();
  });
});
