/** Limits of a profile: the `UpdateMeBody` schema, the avatar route and the settings forms use these. */
export const DISPLAY_NAME_MAX_LENGTH = 60;
export const BIO_MAX_LENGTH = 1000;

export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export function isAvatarType(value: string): value is AvatarType {
  return (AVATAR_TYPES as readonly string[]).includes(value);
}

export type DisplayNameProblem = 'empty' | 'too_long';

/** A display name must show something: spaces alone are refused, and it is kept trimmed. */
export function displayNameProblem(name: string): DisplayNameProblem | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'empty';
  if (trimmed.length > DISPLAY_NAME_MAX_LENGTH) return 'too_long';
  return null;
}
