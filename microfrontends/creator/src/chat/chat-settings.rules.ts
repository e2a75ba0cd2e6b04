import {
  CHAT_DELAY_MAX_SECONDS,
  CHAT_FOLLOW_AGE_MAX_MINUTES,
  CHAT_SLOW_MODE_MAX_SECONDS,
  CHAT_SLOW_MODE_MIN_SECONDS,
  type ChatSettings,
  type ChatSettingsPatch,
} from '@framecast/client';

export const followAgeUnits = ['minutes', 'hours', 'days', 'months'] as const;
export type FollowAgeUnit = (typeof followAgeUnits)[number];
/** Minutes in each unit; a month is 30 days, so three months is the longest follow age. */
export const minutesPer: { [unit in FollowAgeUnit]: number } = {
  minutes: 1,
  hours: 60,
  days: 24 * 60,
  months: 30 * 24 * 60,
};

/** The modes form as typed: numbers stay text until checked. */
export interface ChatSettingsForm {
  slowMode: boolean;
  slowModeSeconds: string;
  followersOnly: boolean;
  followAge: string;
  followAgeUnit: FollowAgeUnit;
  emoteOnly: boolean;
  uniqueChat: boolean;
  delaySeconds: string;
  linksAllowed: boolean;
}

export type ChatSettingsField = 'slowModeSeconds' | 'followAge';

/** The form for the room's settings: a follow age in the largest unit it is a whole number of. */
export function formFromSettings(settings: ChatSettings): ChatSettingsForm {
  const minutes = settings.followersOnlyMinutes ?? 0;
  const unit =
    [...followAgeUnits].reverse().find((u) => minutes > 0 && minutes % minutesPer[u] === 0) ?? ('minutes' as const);
  return {
    slowMode: settings.slowModeSeconds > 0,
    slowModeSeconds: String(settings.slowModeSeconds > 0 ? settings.slowModeSeconds : 30),
    followersOnly: settings.followersOnlyMinutes !== null,
    followAge: String(minutes / minutesPer[unit]),
    followAgeUnit: unit,
    emoteOnly: settings.emoteOnly,
    uniqueChat: settings.uniqueChat,
    delaySeconds: String(settings.delaySeconds),
    linksAllowed: settings.linksAllowed,
  };
}

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export type ChatSettingsCheck =
  | { ok: true; settings: ChatSettings }
  | { ok: false; errors: Partial<Record<ChatSettingsField, string>> };

/** The settings the form says, or what is wrong with it: slow mode 3–120 s, a follow age of 0 minutes to 3 months. */
export function checkSettingsForm(form: ChatSettingsForm): ChatSettingsCheck {
  const errors: Partial<Record<ChatSettingsField, string>> = {};
  const slow = whole(form.slowModeSeconds);
  if (form.slowMode && !(slow >= CHAT_SLOW_MODE_MIN_SECONDS && slow <= CHAT_SLOW_MODE_MAX_SECONDS)) {
    errors.slowModeSeconds = `Slow mode is ${CHAT_SLOW_MODE_MIN_SECONDS} to ${CHAT_SLOW_MODE_MAX_SECONDS} seconds.`;
  }
  const age = whole(form.followAge) * minutesPer[form.followAgeUnit];
  if (form.followersOnly && !(age >= 0 && age <= CHAT_FOLLOW_AGE_MAX_MINUTES)) {
    errors.followAge = 'A follow age is a whole number, from 0 minutes (any follower) up to 3 months.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const delay = Math.min(CHAT_DELAY_MAX_SECONDS, Math.max(0, whole(form.delaySeconds) || 0));
  return {
    ok: true,
    settings: {
      slowModeSeconds: form.slowMode ? slow : 0,
      followersOnlyMinutes: form.followersOnly ? age : null,
      emoteOnly: form.emoteOnly,
      uniqueChat: form.uniqueChat,
      delaySeconds: delay,
      linksAllowed: form.linksAllowed,
    },
  };
}

/** Only what changed, for `PATCH /api/chat/:handle/settings`; null when nothing did. */
export function settingsPatch(next: ChatSettings, current: ChatSettings): ChatSettingsPatch | null {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof ChatSettings)[]) {
    if (next[key] !== current[key]) patch[key] = next[key];
  }
  return Object.keys(patch).length > 0 ? (patch as ChatSettingsPatch) : null;
}
