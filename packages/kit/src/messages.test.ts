import { PoisonMessageError } from '@framecast/adapters';
import { describe, expect, it } from 'vitest';
import { checkEvent, schemaProblem } from './messages.js';
import { startTestRuntime } from './testing/test-runtime.js';

const event = (type: string, payload: unknown) => ({ id: 'e1', type, occurredAt: '2026-12-01T00:00:00Z', payload });
const types = new Set(['video.deleted']);

describe('checkEvent', () => {
  it('passes an event of a wanted type whose payload matches its schema', () => {
    const ok = event('video.deleted', { videoId: 'v1', channelId: 'c1' });
    expect(checkEvent(types, ok)).toBe(ok);
  });

  it('calls an event of another type, or with a payload off its schema, poison, saying why', () => {
    expect(() => checkEvent(types, event('video.ready', {}))).toThrow(
      new PoisonMessageError('event e1 has the unexpected type video.ready'),
    );
    expect(() => checkEvent(types, event('video.deleted', { videoId: 5, channelId: 'c1' }))).toThrow(
      /^video\.deleted event e1: payload "\/videoId" must be string$/,
    );
    expect(() => checkEvent(types, event('video.deleted', { videoId: 'v1' }))).toThrow(PoisonMessageError);
    expect(() => checkEvent(types, null as never)).toThrow(PoisonMessageError);
  });
});

describe('schemaProblem', () => {
  it('is null for a match and names the first problem otherwise', async () => {
    const { eventSchemas } = await import('@framecast/contracts');
    expect(schemaProblem(eventSchemas['video.deleted'], { videoId: 'v', channelId: 'c' })).toBeNull();
    expect(schemaProblem(eventSchemas['video.deleted'], { videoId: 'v' })).toMatch(/channelId/);
  });
});

describe("a module's outbox and consumers", () => {
  it('refuse to write a payload off its schema, and dead-letter one that arrives anyway', {
    timeout: 60_000,
  }, async () => {
    const seen: unknown[] = [];
    const h = await startTestRuntime({
      catalog: [
        {
          name: 'video',
          deps: [],
          prefixes: [],
          schema: 'kit_messages',
          async init(ctx) {
            return {
              async routes(app) {
                app.post('/t/write', async () => {
                  await ctx.outbox.write(ctx.db.kysely, 'video.deleted', { videoId: 7 } as never);
                });
              },
              async start() {
                await ctx.events.subscribe('kit-messages', ['video.deleted'], async (e) => void seen.push(e.payload));
              },
            };
          },
        },
      ],
      targets: ['video'],
    });
    try {
      const res = await h.rt.app.inject({ method: 'POST', url: '/t/write' });
      expect(res.statusCode).toBe(500);
      // Another writer, older code, a hand-made message: the consumer never sees it, and goes on.
      await h.rt.adapters.events.publish(event('video.deleted', { videoId: 7 }));
      await h.rt.adapters.events.publish({ ...event('video.deleted', { videoId: 'v2', channelId: 'c2' }), id: 'e2' });
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual([{ videoId: 'v2', channelId: 'c2' }]);
      const dead = await h.rt.adapters.jobs.deadLetters('events.kit-messages');
      expect(dead.map((job) => job.id)).toEqual(['e1']);
    } finally {
      await h.close();
    }
  });
});
