import { describe, expect, it } from 'vitest';
import { topicCases } from './topic.cases.js';
import { topicMatches } from './topic.js';

describe('topicMatches', () => {
  it.each(topicCases)('%s against %s is %s', (pattern, key, matches) => {
    expect(topicMatches(pattern, key)).toBe(matches);
  });
});
