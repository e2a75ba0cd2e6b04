import { describe, expect, it } from 'vitest';
import { AVATAR_TYPES, DISPLAY_NAME_MAX_LENGTH, displayNameProblem, isAvatarType } from './profile.rules.js';

describe('displayNameProblem', () => {
  it('refuses names of spaces only and names over the limit, counted trimmed', () => {
    expect(displayNameProblem('Ada')).toBeNull();
    expect(displayNameProblem('   ')).toBe('empty');
    expect(displayNameProblem(` ${'a'.repeat(DISPLAY_NAME_MAX_LENGTH)} `)).toBeNull();
    expect(displayNameProblem('a'.repeat(DISPLAY_NAME_MAX_LENGTH + 1))).toBe('too_long');
  });
});

describe('avatar types', () => {
  it('are PNG, JPEG, WebP and GIF', () => {
    expect(AVATAR_TYPES).toEqual(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
    expect(isAvatarType('image/webp')).toBe(true);
    expect(isAvatarType('image/svg+xml')).toBe(false);
  });
});
