import { PASSWORD_MIN_LENGTH } from '@framecast/contracts/rules';
import { describe, expect, it } from 'vitest';
import { createPasswordPolicy } from './password.policy.js';

const check = createPasswordPolicy();
const owner = { email: 'alice.liddell@example.com', handle: 'alice' };

describe('password policy', () => {
  it.each(['correct-horse-battery', 'Tr0ub4dor&3xyz', 'zq8-vv2-lpx-93k', 'plum orchard at dusk'])(
    'accepts %s',
    (password) => {
      expect(check(password, owner)).toEqual({ ok: true });
    },
  );

  it('refuses fewer than 10 characters, counting characters not bytes', () => {
    const verdict = check('zq8-vv2', owner);
    expect(verdict).toMatchObject({ ok: false, problem: 'too_short' });
    expect(!verdict.ok && verdict.message).toContain(`${PASSWORD_MIN_LENGTH} characters`);
    expect(check('ééééééééé', owner)).toMatchObject({ ok: false, problem: 'too_short' });
  });

  it('refuses the handle, the email or its local part', () => {
    expect(check('alice.liddell@example.com', owner)).toMatchObject({ ok: false, problem: 'matches_account' });
    expect(check('ALICE.LIDDELL', owner)).toMatchObject({ ok: false, problem: 'matches_account' });
    expect(check('averylonghandle', { email: 'x@example.com', handle: 'averylonghandle' })).toMatchObject({
      ok: false,
      problem: 'matches_account',
    });
  });

  it.each([
    ['password123', 'commonly used'],
    ['1234567890', 'hundred most used'],
    ['qwertyuiop', 'hundred most used'],
    ['P@ssw0rd1234', 'variation of a commonly used'],
    ['aaaaaaaaaaaa', 'repeats'],
    ['iloveyou12', 'variation'],
  ])('refuses the guessable %s and says why', (password, why) => {
    const verdict = check(password, owner);
    expect(verdict).toMatchObject({ ok: false, problem: 'too_guessable' });
    expect(!verdict.ok && verdict.message).toContain(why);
  });

  it('refuses a password built around the handle', () => {
    expect(check('alice2024!', owner)).toMatchObject({ ok: false, problem: 'too_guessable' });
  });
});
