import { describe, expect, it } from 'vitest';
import {
  actionForKey,
  type KeyInput,
  nextVolume,
  seekTarget,
  seekWithin,
  timeAtFraction,
  videoWindow,
} from './player.keys.js';

const press = (key: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'DIV',
  ...extra,
});

describe('actionForKey', () => {
  it('maps the usual shortcuts', () => {
    expect(actionForKey(press(' '))).toEqual({ type: 'togglePlay' });
    expect(actionForKey(press('k'))).toEqual({ type: 'togglePlay' });
    expect(actionForKey(press('K'))).toEqual({ type: 'togglePlay' });
    expect(actionForKey(press('j'))).toEqual({ type: 'seekBy', seconds: -10 });
    expect(actionForKey(press('l'))).toEqual({ type: 'seekBy', seconds: 10 });
    expect(actionForKey(press('ArrowLeft'))).toEqual({ type: 'seekBy', seconds: -5 });
    expect(actionForKey(press('ArrowRight'))).toEqual({ type: 'seekBy', seconds: 5 });
    expect(actionForKey(press('ArrowUp'))).toEqual({ type: 'volumeBy', delta: 0.05 });
    expect(actionForKey(press('ArrowDown'))).toEqual({ type: 'volumeBy', delta: -0.05 });
    expect(actionForKey(press('m'))).toEqual({ type: 'toggleMute' });
    expect(actionForKey(press('f'))).toEqual({ type: 'toggleFullscreen' });
    expect(actionForKey(press('5'))).toEqual({ type: 'seekToFraction', fraction: 0.5 });
    expect(actionForKey(press('End'))).toEqual({ type: 'seekToFraction', fraction: 1 });
  });
  it('leaves other keys and modified keys alone', () => {
    expect(actionForKey(press('x'))).toBeNull();
    expect(actionForKey(press('f', { ctrlKey: true }))).toBeNull();
    expect(actionForKey(press('l', { metaKey: true }))).toBeNull();
    expect(actionForKey(press('ArrowLeft', { altKey: true }))).toBeNull();
  });
  it('does not steal typing, and lets a focused button handle Space itself', () => {
    expect(actionForKey(press('k', { targetTag: 'INPUT' }))).toBeNull();
    expect(actionForKey(press('m', { targetTag: 'TEXTAREA' }))).toBeNull();
    expect(actionForKey(press(' ', { targetTag: 'BUTTON' }))).toBeNull();
    expect(actionForKey(press('k', { targetTag: 'BUTTON' }))).toEqual({ type: 'togglePlay' });
  });
});

describe('seekTarget', () => {
  it('moves by the step inside the video', () => {
    expect(seekTarget(30, 10, 120)).toBe(40);
    expect(seekTarget(30, -5, 120)).toBe(25);
  });
  it('stops at both ends', () => {
    expect(seekTarget(3, -10, 120)).toBe(0);
    expect(seekTarget(115, 10, 120)).toBe(120);
  });
  it('does not clamp to an unknown duration', () => {
    expect(seekTarget(3, 10, Number.NaN)).toBe(13);
  });
});

describe('nextVolume', () => {
  it('steps and stays in range', () => {
    expect(nextVolume(0.5, 0.05)).toBe(0.55);
    expect(nextVolume(0.98, 0.05)).toBe(1);
    expect(nextVolume(0.02, -0.05)).toBe(0);
  });
  it('does not drift after many steps', () => {
    let volume = 0;
    for (let i = 0; i < 7; i++) volume = nextVolume(volume, 0.05);
    expect(volume).toBe(0.35);
  });
});

describe('seekWithin', () => {
  const dvr = { start: 100, end: 160 };
  it('keeps a live seek inside the DVR window', () => {
    expect(seekWithin(130, -5, dvr)).toBe(125);
    expect(seekWithin(102, -10, dvr)).toBe(100);
    expect(seekWithin(158, 5, dvr)).toBe(160);
  });
  it('only stops at 0 without a window', () => {
    expect(seekWithin(3, -10, null)).toBe(0);
    expect(seekWithin(3, 10, null)).toBe(13);
  });
});

describe('timeAtFraction', () => {
  it('maps the number keys, Home and End onto the window', () => {
    expect(timeAtFraction({ start: 100, end: 160 }, 0)).toBe(100);
    expect(timeAtFraction({ start: 100, end: 160 }, 0.5)).toBe(130);
    expect(timeAtFraction({ start: 100, end: 160 }, 1)).toBe(160);
    expect(timeAtFraction({ start: 0, end: 120 }, 2)).toBe(120);
  });
  it('reads a video as the window from 0 to its duration', () => {
    expect(videoWindow(120)).toEqual({ start: 0, end: 120 });
    expect(videoWindow(Number.NaN)).toBeNull();
    expect(videoWindow(Number.POSITIVE_INFINITY)).toBeNull();
  });
});
