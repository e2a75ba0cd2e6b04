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
