import { isApiError } from './api-error.js';

/*
 * Client-side checks that mirror the server's rules (packages/contracts/src/api/users.ts), so people
 * see a mistake before sending the form. The server stays the authority.
 */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_]{2,29}$/;
export const PASSWORD_MIN_LENGTH = 10;
export const DISPLAY_NAME_MAX_LENGTH = 60;
export const BIO_MAX_LENGTH = 1000;
/** Avatar formats and size the server accepts. */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type SignUpField = 'email' | 'handle' | 'password';
export type ProfileField = 'displayName' | 'bio';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSignUp(values: Record<SignUpField, string>): FieldErrors<SignUpField> {
  const errors: FieldErrors<SignUpField> = {};
  if (!EMAIL_SHAPE.test(values.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (!HANDLE_PATTERN.test(values.handle)) {
    errors.handle =
      values.handle.length < 3 || values.handle.length > 30
        ? 'Handles are 3 to 30 characters long.'
        : 'Use lowercase letters, digits and underscores, starting with a letter or digit.';
  }
  if (values.password.length < PASSWORD_MIN_LENGTH) {
    errors.password = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  return errors;
}

export function validateProfile(values: Record<ProfileField, string>): FieldErrors<ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  const name = values.displayName.trim();
  if (name.length === 0) errors.displayName = 'Enter a display name.';
  else if (name.length > DISPLAY_NAME_MAX_LENGTH)
    errors.displayName = `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`;
  if (values.bio.length > BIO_MAX_LENGTH) errors.bio = `Use at most ${BIO_MAX_LENGTH} characters.`;
  return errors;
}

/** Why an image cannot be an avatar, or null when it can. */
export function avatarProblem(file: { type: string; size: number }): string | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return 'Choose a PNG, JPEG, WebP or GIF image.';
  if (file.size > AVATAR_MAX_BYTES) return 'Choose an image of 2 MB or less.';
  return null;
}

/** The login body for what the person typed: an email when it has an @, else a handle. */
export function loginBody(identifier: string, password: string) {
  const value = identifier.trim();
  return value.includes('@') ? { email: value, password } : { handle: value.toLowerCase(), password };
}

const fieldByCode: Record<string, string> = {
  email_taken: 'email',
  handle_taken: 'handle',
  weak_password: 'password',
};

/** Words a validation message uses for each field, e.g. "displayName" or "display name". */
const fieldWords: Record<string, readonly string[]> = {
  email: ['email'],
  handle: ['handle'],
  password: ['password'],
  displayName: ['displayname', 'display name'],
  bio: ['bio'],
};

/** The form field a server error belongs to, so it shows under that field; null for form-level errors. */
export function fieldOfError<F extends string>(error: unknown, fields: readonly F[]): F | null {
  if (!isApiError(error)) return null;
  const byCode = fieldByCode[error.code];
  if (byCode && (fields as readonly string[]).includes(byCode)) return byCode as F;
  if (error.status !== 400) return null;
  const detail = error.detail.toLowerCase();
  return fields.find((field) => (fieldWords[field] ?? [field.toLowerCase()]).some((w) => detail.includes(w))) ?? null;
}

/** A sentence for a form-level error, with the wait when the server asked for one. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  if (error.retryAfter && error.retryAfter > 0) {
    const wait = error.retryAfter < 90 ? `${error.retryAfter} seconds` : `${Math.ceil(error.retryAfter / 60)} minutes`;
    return `${error.detail} You can try again in ${wait}.`;
  }
  return error.detail;
}
