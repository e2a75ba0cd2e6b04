import {
  accountWords,
  type PasswordOwner,
  passwordProblem,
  type PasswordProblem as SharedProblem,
} from '@framecast/contracts/rules';
import { type TranslationKeys, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export type { PasswordOwner };

/** zxcvbn scores 0–4; 3 means about 10^8 guesses or more, enough against online guessing and slow-hash cracking. */
export const MIN_PASSWORD_SCORE = 3;

/** The contracts' checks (length, identity), which the sign-up form applies too, and the guessability check. */
export type PasswordProblem = SharedProblem | 'too_guessable';

export type PasswordVerdict = { ok: true } | { ok: false; problem: PasswordProblem; message: string };

type Warning = keyof TranslationKeys['warnings'];

/** Why zxcvbn found the password guessable, as a sentence; every warning it can give has one. */
const warningMessages: Record<Warning, string> = {
  straightRow: 'it is a straight row of keys on the keyboard.',
  keyPattern: 'it is a short keyboard pattern.',
  simpleRepeat: 'it repeats the same characters.',
  extendedRepeat: 'it repeats a short pattern.',
  sequences: 'it is a common sequence like "abc" or "6543".',
  recentYears: 'it relies on recent years, which are easy to guess.',
  dates: 'it relies on a date, which is easy to guess.',
  topTen: 'it is one of the ten most used passwords.',
  topHundred: 'it is one of the hundred most used passwords.',
  common: 'it is a commonly used password.',
  similarToCommon: 'it is a small variation of a commonly used password.',
  wordByItself: 'single words are easy to guess.',
  namesByThemselves: 'names on their own are easy to guess.',
  commonNames: 'common names are easy to guess.',
  userInputs: 'it contains your handle or email address.',
  pwned: 'it has appeared in a data breach.',
};

/**
 * Builds the password check. The shared checks first (length, identity; `passwordProblem` in the contracts), then
 * zxcvbn-ts with its common-password and keyboard-pattern data: it catches "Passw0rd1234" and "qwertyuiop" that a
 * plain word list misses. Building the matcher takes ~0.1 s, so it is done once per module.
 */
export function createPasswordPolicy(): (password: string, owner: PasswordOwner) => PasswordVerdict {
  const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return (password, owner) => {
    const shared = passwordProblem(password, owner);
    if (shared) return { ok: false, ...shared };
    const result = zxcvbn.check(password, accountWords(owner));
    if (result.score >= MIN_PASSWORD_SCORE) return { ok: true };
    const warning = result.feedback.warning as Warning | null;
    const reason = (warning && warningMessages[warning]) || 'it is too short or too predictable.';
    return {
      ok: false,
      problem: 'too_guessable',
      message: `This password is too easy to guess: ${reason} Try a longer phrase of a few unrelated words.`,
    };
  };
}
