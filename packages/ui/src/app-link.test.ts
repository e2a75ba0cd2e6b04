import { expect, it } from 'vitest';
import { isPlainLeftClick } from './app-link.js';

const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false };

it('routes a plain left click in the app', () => {
  expect(isPlainLeftClick(click)).toBe(true);
});

it('leaves middle clicks and modified clicks to the browser', () => {
  expect(isPlainLeftClick({ ...click, button: 1 })).toBe(false);
  expect(isPlainLeftClick({ ...click, metaKey: true })).toBe(false);
  expect(isPlainLeftClick({ ...click, ctrlKey: true })).toBe(false);
  expect(isPlainLeftClick({ ...click, shiftKey: true })).toBe(false);
  expect(isPlainLeftClick({ ...click, altKey: true })).toBe(false);
});
