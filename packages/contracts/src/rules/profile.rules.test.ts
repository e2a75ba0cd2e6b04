import { describe, expect, it } from 'vitest';
import { AVATAR_TYPES, checkDisplayName, DISPLAY_NAME_MAX_LENGTH, isAvatarType } from './profile.rules.js';

const value = (raw: string) => {
  const check = checkDisplayName(raw);
  return check.ok ? check.value : check.reason;
};

describe('checkDisplayName', () => {
  it('keeps ordinary names in any script, with emoji', () => {
    for (const name of ['Ada Lovelace', 'Łukasz Żółć', '李小龍', 'محمد', 'नमस्ते', 'Ada 👩‍💻', 'O’Brien-Smith']) {
      expect(value(name)).toBe(name.normalize('NFKC'));
    }
  });

  it('normalises compatibility forms (full-width, mathematical letters, ligatures)', () => {
    expect(value('Ａｄａ')).toBe('Ada');
    expect(value('𝐀𝐝𝐚')).toBe('Ada');
    expect(value('ﬁona')).toBe('fiona');
  });

  it('collapses whitespace and drops invisible format characters', () => {
    expect(value('  Ada \t\n  Lovelace  ')).toBe('Ada Lovelace');
    expect(value('Ada\u00A0\u3000Lovelace')).toBe('Ada Lovelace');
    expect(value('Ad\u200Ba\uFEFF\u2060')).toBe('Ada');
  });

  it('refuses direction overrides and isolates', () => {
    for (const control of ['\u202E', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F', '\u061C']) {
      expect(value(`Ada${control}gpj.exe`)).toBe('bidi_control');
    }
  });

  it('refuses names with nothing visible in them', () => {
    for (const blank of ['   ', '\u200B\u200B', '\u3164', '\u2800', '\u115F\u1160', '\u200D', '\u0301', ' \uFEFF ']) {
      expect(value(blank)).toBe('invisible');
    }
  });

  it('refuses control characters and names that grow too long', () => {
    expect(value('Ada\u0007')).toBe('control_character');
    expect(value(` ${'a'.repeat(DISPLAY_NAME_MAX_LENGTH)} `)).toBe('a'.repeat(DISPLAY_NAME_MAX_LENGTH));
    expect(value('a'.repeat(DISPLAY_NAME_MAX_LENGTH + 1))).toBe('too_long');
    // NFKC can lengthen a name: counted after.
    expect(value('\uFDFA'.repeat(4))).toBe('too_long');
  });
});

describe('avatar types', () => {
  it('are PNG, JPEG, WebP and GIF', () => {
    expect(AVATAR_TYPES).toEqual(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
    expect(isAvatarType('image/webp')).toBe(true);
    expect(isAvatarType('image/svg+xml')).toBe(false);
  });
});
