import { describe, expect, it } from 'vitest';
import { nextMenuIndex } from './menu.js';

describe('nextMenuIndex', () => {
  it('moves down and up, wrapping at the ends', () => {
    expect(nextMenuIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextMenuIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextMenuIndex('ArrowUp', 0, 3)).toBe(2);
  });
  it('starts from an end when no item has focus', () => {
    expect(nextMenuIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextMenuIndex('ArrowUp', -1, 3)).toBe(2);
  });
  it('jumps to the first and last items', () => {
    expect(nextMenuIndex('Home', 1, 3)).toBe(0);
    expect(nextMenuIndex('End', 0, 3)).toBe(2);
  });
  it('ignores other keys and empty menus', () => {
    expect(nextMenuIndex('a', 0, 3)).toBeNull();
    expect(nextMenuIndex('ArrowDown', 0, 0)).toBeNull();
  });
});
