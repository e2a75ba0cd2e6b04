import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { Handle } from '../api/users.js';
import {
  HANDLE_MAX_LENGTH,
  HANDLE_MIN_LENGTH,
  handleMessage,
  handleProblem,
  isReservedHandle,
  normalizeHandle,
} from './handle.rules.js';

describe('handleProblem', () => {
  it.each(['ada', 'ada_lovelace', '9lives', 'a'.repeat(HANDLE_MAX_LENGTH), 'admin_fan'])('accepts %s', (handle) => {
    expect(handleProblem(handle)).toBeNull();
  });

  it.each([
    ['ab', 'length'],
    ['a'.repeat(HANDLE_MAX_LENGTH + 1), 'length'],
    ['Ada', 'characters'],
    ['_ada', 'characters'],
    ['ada-l', 'characters'],
    ['ada lovelace', 'characters'],
    ['admin', 'reserved'],
    ['settings', 'reserved'],
    ['mf', 'length'],
  ] as const)('refuses %j: %s', (handle, problem) => {
    expect(handleProblem(handle)).toBe(problem);
  });

  it('says what is wrong in a sentence', () => {
    expect(handleMessage('length', 'ab')).toBe(
      `Handles are ${HANDLE_MIN_LENGTH} to ${HANDLE_MAX_LENGTH} characters long.`,
    );
    expect(handleMessage('reserved', 'admin')).toBe('The handle "admin" is reserved. Choose another one.');
  });
});

describe('the Handle schema', () => {
  const schema = Compile(Handle);
  it.each(['ada', '_ada', 'Ada', 'ab', 'a'.repeat(31), 'a'.repeat(30), 'admin'])(
    'agrees with the rule on %j, except for reserved names (a check of the service)',
    (handle) => {
      const problem = handleProblem(handle);
      expect(schema.Check(handle)).toBe(problem === null || problem === 'reserved');
    },
  );
});

describe('reserved handles', () => {
  it.each(['admin', 'api', 'settings', 'signin', 'signup', 'c', 'mf', 'ADMIN', 'studio', 'watch'])(
    '%s is reserved',
    (handle) => {
      expect(isReservedHandle(handle)).toBe(true);
    },
  );

  it('ordinary handles are not', () => {
    expect(isReservedHandle('alice')).toBe(false);
    expect(isReservedHandle('admin_fan')).toBe(false);
  });

  it('handles compare lowercased and trimmed', () => {
    expect(normalizeHandle('  Ada_Lovelace ')).toBe('ada_lovelace');
  });
});
