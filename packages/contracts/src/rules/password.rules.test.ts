import { describe, expect, it } from 'vitest';
import {
  accountWords,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordLength,
  passwordProblem,
} from './password.rules.js';

const owner = { email: 'Alice.Liddell@example.com', handle: 'alice' };

describe('passwordProblem', () => {
  it('passes long passwords that are not the account', () => {
    expect(passwordProblem('correct-horse-battery', owner)).toBeNull();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH), owner)).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordLength('🔑é')).toBe(2);
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH - 1), owner)).toMatchObject({ problem: 'too_short' });
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH), owner)).toBeNull();
  });

  it('refuses short and over-long passwords with a sentence', () => {
    expect(passwordProblem('zq8-vv2', owner)).toEqual({
      problem: 'too_short',
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
    });
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH + 1), owner)).toMatchObject({ problem: 'too_long' });
  });

  it('refuses the handle, the email or its local part, whatever the case', () => {
    expect(passwordProblem('alice.liddell@example.com', owner)).toMatchObject({ problem: 'matches_account' });
    expect(passwordProblem('ALICE.LIDDELL', owner)).toMatchObject({ problem: 'matches_account' });
    const long = { email: 'x@example.com', handle: 'averylonghandle' };
    expect(passwordProblem('AVeryLongHandle', long)).toMatchObject({ problem: 'matches_account' });
  });

  it('gives the account words lowercased, without empty ones', () => {
    expect(accountWords(owner)).toEqual(['alice', 'alice.liddell@example.com', 'alice.liddell']);
    expect(accountWords({ email: '', handle: 'ada' })).toEqual(['ada']);
  });
});
