import { createECDH, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { Agent } from 'node:https';
import type { PushPayload } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import type { Registered } from '@framecast/user/testing';
import { decrypt } from 'http_ece';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationModule } from '../notification.module.js';
import { follow, type NotificationHarness, reader, startNotificationModule } from '../testing/index.js';
import { startPushService } from '../testing/push.service.js';

// Web push to a local HTTPS push service, decrypted as the browser would (http_ece).
let h: NotificationHarness;
let service: Awaited<ReturnType<typeof startPushService>>;
beforeAll(async () => {
  service = await startPushService();
  const module = createNotificationModule({ pushAgent: new Agent({ ca: service.ca }) });
  h = await startNotificationModule(
    { PUBLIC_URL: 'http://framecast.test', MAIL_FROM: 'Bell <bell@framecast.test>' },
    module,
  );
});
afterAll(async () => {
  await h?.close();
  await service?.close();
});

const idOf = (a: Registered) => a.result.user.id;

/** A browser's subscription: its key pair and auth secret, as PushManager makes them. */
function browser(path: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return {
    ecdh,
    auth,
    body: {
      endpoint: `${service.origin}${path}`,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth },
    },
  };
}

async function subscribe(account: Registered, body: object) {
  return h.rt.app.inject({
    method: 'POST',
    url: '/api/notifications/push/subscriptions',
    headers: account.auth,
    payload: body,
  });
}

function goLive(channel: Registered, title: string) {
  return h.publish('stream.started', {
    sessionId: randomUUID(),
    channelId: idOf(channel),
    channelHandle: channel.handle,
    title,
    startedAt: new Date().toISOString(),
  });
}

describe('web push', () => {
  it('pushes a followed channel going live, encrypted for the browser and signed with our VAPID key', async () => {
    const key = await h.rt.app.inject('/api/notifications/push/key');
    expect(key.statusCode).toBe(200);
    const { publicKey } = key.json<{ publicKey: string }>();
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);

    const channel = await reader(h);
    const fan = await reader(h);
    await follow(h, fan, channel);
    const tab = browser(`/push/${randomUUID()}`);
    expect((await subscribe(fan, tab.body)).statusCode).toBe(201);
    // Subscribing again (the page loaded twice) keeps one subscription.
    expect((await subscribe(fan, tab.body)).statusCode).toBe(201);
    await goLive(channel, 'Pushed live');

    const request = await eventually(async () => {
      const found = service.requests.find((r) => `${service.origin}${r.path}` === tab.body.endpoint);
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe('3600');
    expect(request.headers.urgency).toBe('high');
    const payload = JSON.parse(
      decrypt(request.body, { version: 'aes128gcm', privateKey: tab.ecdh, authSecret: tab.auth }).toString('utf8'),
    ) as PushPayload;
    expect(payload).toEqual({
      kind: 'live',
      title: `${channel.handle} is live`,
      body: `${channel.handle} is live: Pushed live`,
      url: `http://framecast.test/live/${channel.handle}`,
      tag: `live:${idOf(channel)}`,
    });

    // Authorization: vapid t=<JWT>, k=<our public key>; the JWT is ES256 over the push service's origin.
    const auth = String(request.headers.authorization);
    const [, jwt, k] = /^vapid t=([^,]+), k=(.+)$/.exec(auth) ?? [];
    expect(k).toBe(publicKey);
    const [header, claims, signature] = jwt!.split('.') as [string, string, string];
    const point = Buffer.from(publicKey, 'base64url');
    const verifier = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    const signed = verify(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      { key: verifier, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(signed).toBe(true);
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      aud: service.origin,
      sub: 'mailto:bell@framecast.test',
    });
  });

  it('forgets a browser the push service says is gone, and stops pushing one unsubscribed', async () => {
    const channel = await reader(h);
    const fan = await reader(h);
    await follow(h, fan, channel);
    const gone = browser(`/gone/${randomUUID()}`);
    const left = browser(`/push/${randomUUID()}`);
    await subscribe(fan, gone.body);
    await subscribe(fan, left.body);
    const removed = await h.rt.app.inject({
      method: 'DELETE',
      url: '/api/notifications/push/subscriptions',
      headers: fan.auth,
      payload: { endpoint: left.body.endpoint },
    });
    expect(removed.statusCode).toBe(204);
    await goLive(channel, 'Anyone there?');
    await eventually(async () => {
      expect(service.requests.some((r) => `${service.origin}${r.path}` === gone.body.endpoint)).toBe(true);
    }, 10_000);
    await eventually(async () => {
      const rows = await h.rt.adapters.db.kysely
        .withSchema('notify')
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .where('user_id', '=', idOf(fan))
        .execute();
      expect(rows).toEqual([]);
    });
    expect(service.requests.some((r) => `${service.origin}${r.path}` === left.body.endpoint)).toBe(false);
  });

  it('refuses a subscription that is not https or whose keys are malformed, and anyone signed out', async () => {
    const fan = await reader(h);
    const good = browser('/push/x').body;
    for (const body of [
      { ...good, endpoint: 'http://127.0.0.1/push' },
      { ...good, keys: { ...good.keys, p256dh: 'short' } },
      { ...good, keys: { ...good.keys, auth: 'not base64url!!!!!!' } },
      { endpoint: good.endpoint },
    ]) {
      expect((await subscribe(fan, body)).statusCode).toBe(400);
    }
    const anonymous = await h.rt.app.inject({
      method: 'POST',
      url: '/api/notifications/push/subscriptions',
      payload: good,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
