import { describe, expect, it } from 'vitest';
import { statusLabel } from './status-badge.js';

describe('statusLabel', () => {
  it('names each state', () => {
    expect(statusLabel('uploading')).toBe('Uploading');
    expect(statusLabel('ready', 100)).toBe('Ready');
    expect(statusLabel('failed')).toBe('Failed');
  });
  it('adds the percentage while processing, once there is one', () => {
    expect(statusLabel('processing', 42)).toBe('Processing 42 %');
    expect(statusLabel('processing', 0)).toBe('Processing');
  });
});
