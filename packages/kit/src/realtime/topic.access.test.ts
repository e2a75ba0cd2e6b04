import { describe, expect, it } from 'vitest';
import { decideAccess, planAccess } from './topic.access.js';

const a = '1f0e7c1a-0000-4000-8000-00000000000a';
const b = '1f0e7c1a-0000-4000-8000-00000000000b';

describe('topic access', () => {
  it('lets a user topic through for that user only', () => {
    expect(planAccess(`user:${a}`, a)).toEqual({ kind: 'allow' });
    expect(planAccess(`user:${a}`, b)).toEqual({ kind: 'deny', code: 'topic_forbidden' });
    expect(planAccess(`user:${a}`, null)).toEqual({ kind: 'deny', code: 'topic_forbidden' });
  });

  it('asks the owning module about a resource topic', () => {
    expect(planAccess(`video:${a}`, null)).toEqual({ kind: 'read', path: `/api/videos/${a}` });
  });

  it('refuses unknown families and ids of the wrong form', () => {
    expect(planAccess(`chat:${a}`, a)).toEqual({ kind: 'deny', code: 'unknown_topic' });
    expect(planAccess('video:not-a-uuid', a)).toEqual({ kind: 'deny', code: 'unknown_topic' });
    expect(planAccess('toString:x', a)).toEqual({ kind: 'deny', code: 'unknown_topic' });
  });

  it('allows a read only on a 200', async () => {
    const paths: string[] = [];
    const read = (status: number) => async (path: string) => {
      paths.push(path);
      return status;
    };
    expect(await decideAccess(`video:${a}`, { userId: null, token: null }, read(200))).toBe('allowed');
    expect(await decideAccess(`video:${a}`, { userId: b, token: 't' }, read(404))).toBe('topic_forbidden');
    expect(await decideAccess(`video:${a}`, { userId: b, token: 't' }, read(401))).toBe('topic_forbidden');
    expect(paths).toEqual([`/api/videos/${a}`, `/api/videos/${a}`, `/api/videos/${a}`]);
  });
});
