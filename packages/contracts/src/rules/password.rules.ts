/**
 * What the browser and the server both check in a new password. The server then also asks zxcvbn-ts how guessable
 * it is (services/user/src/accounts/password.policy.ts), which needs dictionaries the browser is not sent.
 */
export const PASSWORD_MIN_LENGTH = 10;
/** Longer passwords only cost hashing time; the `Password` schema's limit. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'matches_account';

export interface PasswordOwner {
  email: string;
  handle: string;
}

/** Length in characters as people count them (code points), not UTF-16 units: "🔑" is one. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** The lowercased strings a password must not equal, and that zxcvbn-ts treats as known: handle, email, its local part. */
export function accountWords(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  return [owner.handle.trim().toLowerCase(), email, email.split('@')[0] ?? ''].filter((w) => w.length > 0);
}

export interface PasswordVerdict {
  problem: PasswordProblem;
  message: string;
}

/** The shared checks, in order: length, then identity. Null when the password passes them. */
export function passwordProblem(password: string, owner: PasswordOwner): PasswordVerdict | null {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return { problem: 'too_short', message: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { problem: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.` };
  }
  if (accountWords(owner).includes(password.toLowerCase())) {
    return { problem: 'matches_account', message: 'Your password must not be your handle or your email address.' };
  }
  return null;
}
