import { expect, it } from 'vitest';
import { cn } from './cn.js';

it('joins truthy class names and drops the rest', () => {
  expect(cn('a', false, null, undefined, '', 'b')).toBe('a b');
});
