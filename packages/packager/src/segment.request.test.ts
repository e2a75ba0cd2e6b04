import { describe, expect, it } from 'vitest';
import { chunkStep, decideSegment, type SegmentState } from './segment.request.js';

const state = (patch: Partial<SegmentState>): SegmentState => ({
  open: 7,
  next: 8,
  inMemory: false,
  stored: false,
  ...patch,
});

describe('decideSegment', () => {
  it('sends finished segments whole, streams the one being written, holds the next and refuses further ahead', () => {
    expect(decideSegment(6, state({ inMemory: true, stored: true }))).toBe('whole');
    expect(decideSegment(7, state({}))).toBe('chunked');
    expect(decideSegment(8, state({}))).toBe('wait');
    expect(decideSegment(9, state({}))).toBe('missing');
    expect(decideSegment(100, state({}))).toBe('missing');
  });

  it('points at storage once the parts left memory, and knows nothing older than the store keeps', () => {
    expect(decideSegment(2, state({ stored: true }))).toBe('storage');
    expect(decideSegment(1, state({}))).toBe('missing');
  });

  it('between segments (an input restarting) holds the one to come; once ended, nothing is to come', () => {
    expect(decideSegment(8, state({ open: null, next: 8 }))).toBe('wait');
    expect(decideSegment(9, state({ open: null, next: 8 }))).toBe('missing');
    expect(decideSegment(8, state({ open: null, next: null }))).toBe('missing');
    // Before the first fragment: segment 0 is the one to come.
    expect(decideSegment(0, state({ open: null, next: 0 }))).toBe('wait');
  });
});

describe('chunkStep', () => {
  it('sends each part once it is there, waits while the segment is written, and ends once it closed', () => {
    expect(chunkStep(0, { nextInMemory: true, partCount: null, gone: false })).toBe('send');
    expect(chunkStep(1, { nextInMemory: false, partCount: null, gone: false })).toBe('wait');
    expect(chunkStep(4, { nextInMemory: true, partCount: 5, gone: false })).toBe('send');
    expect(chunkStep(5, { nextInMemory: false, partCount: 5, gone: false })).toBe('end');
  });

  it('fails when the segment cannot be finished: its parts left memory, or it is gone', () => {
    expect(chunkStep(2, { nextInMemory: false, partCount: 5, gone: false })).toBe('fail');
    expect(chunkStep(2, { nextInMemory: false, partCount: null, gone: true })).toBe('fail');
    // Not even a part still in memory: a stream that failed mid-segment never finishes it.
    expect(chunkStep(2, { nextInMemory: true, partCount: null, gone: true })).toBe('fail');
  });
});
