import { describe, expect, it } from 'vitest';
import { fileProblem, parseTags, videoIdFromUploadUrl } from './upload.rules.js';

describe('fileProblem', () => {
  it('accepts video types and known containers without a type', () => {
    expect(fileProblem({ name: 'clip.mp4', type: 'video/mp4', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'clip.MKV', type: '', size: 10 })).toBeNull();
  });
  it('accepts what the video module accepts: the containers it knows by name, MXF by its type', () => {
    for (const name of ['a.mts', 'a.m2ts', 'a.ogv', 'a.mxf', 'a.flv', 'a.3gp']) {
      expect(fileProblem({ name, type: 'application/octet-stream', size: 10 })).toBeNull();
    }
    expect(fileProblem({ name: 'master', type: 'application/mxf', size: 10 })).toBeNull();
  });
  it('refuses other files, empty files and files over the limit', () => {
    expect(fileProblem({ name: 'notes.pdf', type: 'application/pdf', size: 10 })).toMatch(/is not a video/);
    expect(fileProblem({ name: 'clip.mp4', type: 'video/mp4', size: 0 })).toMatch(/is empty/);
    expect(fileProblem({ name: 'big.mp4', type: 'video/mp4', size: 3 * 1024 ** 3 })).toBe(
      '"big.mp4" is larger than the 2 GiB upload limit.',
    );
  });
});

describe('videoIdFromUploadUrl', () => {
  it('takes the last path segment of absolute and relative URLs', () => {
    expect(videoIdFromUploadUrl('http://localhost:8080/api/uploads/0b9c-11')).toBe('0b9c-11');
    expect(videoIdFromUploadUrl('/api/uploads/abc/')).toBe('abc');
  });
  it('has nothing before the upload exists', () => {
    expect(videoIdFromUploadUrl(null)).toBeNull();
  });
});

describe('parseTags', () => {
  it('splits on commas, trims, drops empty and repeated tags', () => {
    expect(parseTags(' travel, #alps ,, travel,food ')).toEqual(['travel', 'alps', 'food']);
  });
  it('keeps the contract limits', () => {
    expect(parseTags(Array.from({ length: 30 }, (_, i) => `t${i}`).join(','))).toHaveLength(20);
    expect(parseTags('x'.repeat(60))[0]).toHaveLength(40);
  });
});
