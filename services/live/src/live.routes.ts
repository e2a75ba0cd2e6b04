import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChannelLive,
  LiveChannels,
  LiveChannelsQuery,
  LiveNowPage,
  LiveSetup,
  StreamSession,
  UpdateLiveBody,
} from '@framecast/contracts';
import {
  AppError,
  bearer,
  type Clock,
  HandleParams,
  type Identity,
  IdParams,
  PageQuery,
  problems,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { liveChannelStore } from './channels/live-channel.store.js';
import { newStreamKey } from './channels/stream.key.js';
import type { LiveSettings } from './live.settings.js';
import { type LiveChannelRow, scoped } from './live.tables.js';
import { type IngestPorts, LIVE_CLOCK_PATH, livePlayback, toSession, toSetup } from './live.view.js';
import type { SessionService } from './sessions/session.service.js';
import { sessionStore } from './sessions/session.store.js';
import type { ViewerCounter } from './viewers/viewer.counter.js';

const HeartbeatBody = Type.Object(
  {
    viewer: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "The player's own random id, kept while the page is open; ignored when signed in.",
      }),
    ),
  },
  { additionalProperties: false },
);
const ClockText = Type.String({
  format: 'date-time',
  description: 'The server time as plain text: ISO 8601, in UTC, with milliseconds.',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const invalidCursor = () =>
  AppError.badRequest('invalid_cursor', 'The cursor is not valid. Use the nextCursor of a previous page.');

/** "Live now" pages by (viewers, id): opaque to clients, checked before it reaches a query. */
function decodeCursor(text: string): { viewers: number; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const [viewers, id] = Array.isArray(parsed) && parsed.length === 2 ? parsed : [];
  if (!Number.isSafeInteger(viewers) || viewers < 0 || viewers > 2_147_483_647) throw invalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return { viewers, id };
}

const encodeCursor = (at: { viewers: number; id: string }) =>
  Buffer.from(JSON.stringify([at.viewers, at.id])).toString('base64url');

/**
 * The creator's live setup (`/api/live/me`: key, ingest URLs, title), and what viewers read: a channel's stream
 * (`/api/channels/:handle/live`) and who is live (`/api/live`).
 */
export function liveRoutes(deps: {
  db: Kysely<any>;
  clock: Clock;
  sessions: SessionService;
  settings: Pick<LiveSettings, 'ingestHost' | 'rtmpPort' | 'rtmps' | 'srtPort'>;
  /** The ports the ingest listens on, once it does (the settings may say 0: any free port). */
  ingestPorts?: () => Partial<IngestPorts>;
  viewers: ViewerCounter;
  /** Drops the publisher streaming with a key that just changed, wherever it is connected. */
  disconnect(channelId: string): Promise<void>;
  /**
   * The clock the live MPD's availability times are on (the packager's: the wall clock), milliseconds. `Date.now`.
   */
  wallClock?: () => number;
}) {
  const { clock, sessions, settings, viewers } = deps;
  const noSession = () => AppError.notFound('stream_not_found', 'There is no such stream.');
  const db = scoped(deps.db);

  /** The caller's live channel, made with its first stream key on the first visit. */
  const channelOf = async (identity: Identity): Promise<LiveChannelRow> => {
    const found = await liveChannelStore.byId(db, identity.userId);
    if (found) return found;
    const now = clock.now();
    await liveChannelStore.create(db, {
      channel_id: identity.userId,
      handle: identity.handle.toLowerCase(),
      stream_key: newStreamKey(),
      title: `${identity.handle} is live`,
      category: null,
      current_session_id: null,
      created_at: now,
      updated_at: now,
    });
    const made = await liveChannelStore.byId(db, identity.userId);
    if (!made) throw new Error('The live channel was not created.');
    return made;
  };

  const setupOf = async (channel: LiveChannelRow) => {
    const session = channel.current_session_id
      ? await sessionStore.byId(db, channel.current_session_id)
      : await sessionStore.latest(db, channel.channel_id);
    const bound = deps.ingestPorts?.() ?? {};
    return toSetup(channel, session, settings, {
      rtmp: bound.rtmp ?? settings.rtmpPort,
      rtmps: bound.rtmps ?? settings.rtmps?.port ?? null,
      srt: bound.srt ?? null,
    });
  };

  const wallClock = deps.wallClock ?? Date.now;

  /** A channel's stream: on air with its playback, else its last session (none for a channel never live). */
  const channelLive = async (channel: LiveChannelRow | undefined): Promise<ChannelLive> => {
    if (!channel) return { live: false, session: null, playback: null };
    const current = channel.current_session_id ? await sessionStore.byId(db, channel.current_session_id) : null;
    if (current) return { live: true, session: toSession(current), playback: livePlayback(current.id) };
    const last = await sessionStore.latest(db, channel.channel_id);
    return { live: false, session: last ? toSession(last) : null, playback: null };
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      LIVE_CLOCK_PATH,
      {
        schema: {
          tags: ['live'],
          summary: "The server's clock",
          description:
            "What DASH players set their clock by (the live MPD's `UTCTiming`, `urn:mpeg:dash:utc:http-iso:2014`), so they know which segments are available. Never cached.",
          produces: ['text/plain'],
          response: { 200: ClockText },
        },
      },
      async (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(new Date(wallClock()).toISOString()),
    );

    app.get(
      '/api/live/me',
      {
        schema: {
          tags: ['live'],
          summary: 'The stream key, ingest URLs and state of the signed-in channel',
          description: 'The first call makes the channel its stream key.',
          security: bearer,
          response: { 200: LiveSetup, ...problems(401) },
        },
      },
      async (request) => setupOf(await channelOf(requireIdentity(request))),
    );

    app.post(
      '/api/live/me/key',
      {
        schema: {
          tags: ['live'],
          summary: 'Replace the stream key',
          description: 'The old key stops working at once; a stream sent with it ends.',
          security: bearer,
          response: { 200: LiveSetup, ...problems(401) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        await channelOf(identity);
        const rotated = await liveChannelStore.update(db, identity.userId, {
          stream_key: newStreamKey(),
          updated_at: clock.now(),
        });
        if (!rotated) throw new Error('The live channel disappeared while its key was rotated.');
        if (rotated.current_session_id) {
          await sessions.end(rotated.current_session_id, 'key_rotated');
          await deps.disconnect(identity.userId);
        }
        return setupOf((await liveChannelStore.byId(db, identity.userId)) ?? rotated);
      },
    );

    app.patch(
      '/api/live/me',
      {
        schema: {
          tags: ['live'],
          summary: "Set the stream's title and category",
          description: 'Applies to the stream on air too.',
          security: bearer,
          body: UpdateLiveBody,
          response: { 200: LiveSetup, ...problems(400, 401) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        const { title, category } = request.body;
        if (title === undefined && category === undefined) {
          throw AppError.badRequest('empty_update', 'Send a title or a category to change.');
        }
        const trimmed = title?.trim();
        if (trimmed === '') throw AppError.badRequest('validation_failed', 'The stream needs a title.');
        const channel = await channelOf(identity);
        const patch = {
          ...(trimmed === undefined ? {} : { title: trimmed }),
          ...(category === undefined ? {} : { category: category?.trim() || null }),
        };
        const updated = await liveChannelStore.update(db, channel.channel_id, { ...patch, updated_at: clock.now() });
        if (updated?.current_session_id) await sessionStore.update(db, updated.current_session_id, patch);
        return setupOf(updated ?? channel);
      },
    );

    app.get(
      '/api/channels/:handle/live',
      {
        schema: {
          tags: ['live'],
          summary: "A channel's live stream",
          description: 'Not live: `live` is false, with the last session (if any) and no playback.',
          params: HandleParams,
          response: { 200: ChannelLive, ...problems(400) },
        },
      },
      async (request) => channelLive(await liveChannelStore.byHandle(db, request.params.handle)),
    );

    app.get(
      '/api/live/channels',
      {
        schema: {
          tags: ['live'],
          summary: "Several channels' live streams at once",
          description: 'One item per handle asked, in that order, each as `GET /api/channels/{handle}/live` answers.',
          querystring: LiveChannelsQuery,
          response: { 200: LiveChannels, ...problems(400) },
        },
      },
      async (request) => {
        const handles = [...new Set(request.query.handles.split(',').map((h) => h.trim().toLowerCase()))];
        const rows = new Map((await liveChannelStore.byHandles(db, handles)).map((row) => [row.handle, row]));
        const items = [];
        for (const handle of handles) items.push({ handle, ...(await channelLive(rows.get(handle))) });
        return { items };
      },
    );

    app.get(
      '/api/live/sessions/:id',
      {
        schema: {
          tags: ['live'],
          summary: 'A stream, on air or ended',
          params: IdParams,
          response: { 200: StreamSession, ...problems(400, 404) },
        },
      },
      async (request) => {
        const session = await sessionStore.byId(db, request.params.id);
        if (!session) throw noSession();
        return toSession(session);
      },
    );

    app.post(
      '/api/live/sessions/:id/heartbeat',
      {
        schema: {
          tags: ['live'],
          summary: 'Say a player is watching the stream (every 30 s)',
          description:
            'Viewers are counted from these: each account, or each anonymous player id, once per 30 s window, and at most 10 from one address.',
          params: IdParams,
          body: HeartbeatBody,
          response: { 204: Type.Null(), ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        const session = await sessionStore.byId(db, request.params.id);
        if (!session || session.ended_at) throw noSession();
        const viewer = request.identity ? `user:${request.identity.userId}` : request.body?.viewer;
        if (!viewer) throw AppError.badRequest('validation_failed', "Send the player's viewer id, or sign in.");
        await viewers.heartbeat(session.id, viewer.startsWith('user:') ? viewer : `anon:${viewer}`, request.ip);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/live',
      {
        schema: {
          tags: ['live'],
          summary: 'Channels live now, most watched first',
          querystring: PageQuery,
          response: { 200: LiveNowPage, ...problems(400) },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 20;
        const after = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
        const rows = await sessionStore.onAir(db, { limit, ...(after ? { after } : {}) });
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map(toSession),
          nextCursor: rows.length > limit && last ? encodeCursor({ viewers: last.viewers, id: last.id }) : null,
        };
      },
    );
  };
}
