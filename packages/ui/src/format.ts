const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "1.2K followers", "1 follower": counts as people read them on video platforms. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${compact.format(count)} ${count === 1 ? singular : plural}`;
}

/** Up to two initials from a display name or handle, for avatars without an image. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const letters =
    words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0]) : [...(words[0] ?? '')].slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

/** A stable hue (0–359) for a string, so a channel keeps its colour across pages and reloads. */
export function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** A media time as players show it: "0:07", "12:03", "1:02:03". Unknown or negative times read "0:00". */
export function formatDuration(seconds: number | null | undefined): string {
  const total = Number.isFinite(seconds) && (seconds as number) > 0 ? Math.floor(seconds as number) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** "512 B", "4.2 MB", "1.5 GB" (powers of 1024, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${byteUnits[unit]}`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "last week", "just now": how long ago a date was, relative to `now`. */
export function formatAgo(date: string | Date, now: Date = new Date()): string {
  const seconds = (now.getTime() - new Date(date).getTime()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return 'just now';
}
