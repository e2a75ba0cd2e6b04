import {
  AVATAR_MAX_BYTES,
  BIO_MAX_LENGTH,
  checkDisplayName,
  handleMessage,
  handleProblem,
  isAvatarType,
  passwordProblem,
} from '@framecast/contracts/rules';

/*
 * The forms' own checks, built on the rules the server applies too (packages/contracts/src/rules), so people see a
 * mistake before sending the form. The server stays the authority.
 */

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type SignUpField = 'email' | 'handle' | 'password';
export type ProfileField = 'displayName' | 'bio';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSignUp(values: Record<SignUpField, string>): FieldErrors<SignUpField> {
  const errors: FieldErrors<SignUpField> = {};
  const email = values.email.trim();
  if (!EMAIL_SHAPE.test(email)) errors.email = 'Enter an email address like name@example.com.';
  const handle = handleProblem(values.handle);
  if (handle) errors.handle = handleMessage(handle, values.handle);
  const password = passwordProblem(values.password, { email, handle: values.handle });
  if (password) errors.password = password.message;
  return errors;
}

export function validateProfile(values: Record<ProfileField, string>): FieldErrors<ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  const name = checkDisplayName(values.displayName);
  if (!name.ok) errors.displayName = name.message;
  if (values.bio.length > BIO_MAX_LENGTH) errors.bio = `Use at most ${BIO_MAX_LENGTH} characters.`;
  return errors;
}

/** Why an image cannot be an avatar, or null when it can. */
export function avatarProblem(file: { type: string; size: number }): string | null {
  if (!isAvatarType(file.type)) return 'Choose a PNG, JPEG, WebP or GIF image.';
  if (file.size > AVATAR_MAX_BYTES) return `Choose an image of ${AVATAR_MAX_BYTES / 1024 ** 2} MB or less.`;
  return null;
}

/** The login body for what the person typed: an email when it has an @, else a handle. */
export function loginBody(identifier: string, password: string) {
  const value = identifier.trim();
  return value.includes('@') ? { email: value, password } : { handle: value.toLowerCase(), password };
}
