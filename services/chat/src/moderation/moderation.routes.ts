import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BlockedTerm,
  ChatBan,
  ChatBanBody,
  ChatLogEntry,
  ChatMessageId,
  ChatRoleGrant,
  ChatRoom,
  ChatSettings,
  ChatSettingsPatch,
} from '@framecast/contracts';
import {
  bearer,
  decodeKeyset,
  encodeKeyset,
  HandleParams,
  NoContent,
  PageQuery,
  problems,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { type Moderation, mayModerate } from './moderation.service.js';

const tags = ['chat'];
const UserParams = Type.Object(
  { handle: HandleParams.properties.handle, user: HandleParams.properties.handle },
  { additionalProperties: false },
);
const MessageParams = Type.Object(
  { handle: HandleParams.properties.handle, id: ChatMessageId },
  { additionalProperties: false },
);
const TermParams = Type.Object(
  { handle: HandleParams.properties.handle, id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const ClearQuery = Type.Object(
  { user: Type.Optional(HandleParams.properties.handle) },
  { additionalProperties: false },
);
const Items = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });
const TermBody = Type.Object({ term: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const LogPage = Type.Object({ items: Type.Array(ChatLogEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** `/api/chat/:handle…`: the room as the caller sees it, and every moderation action (docs/api.md, "Chat"). */
export function moderationRoutes(deps: { moderation: Moderation }) {
  const { moderation } = deps;
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/chat/:handle',
      {
        schema: {
          tags,
          summary: "A channel's chat as the caller sees it: modes, their role, whether they may moderate, their ban",
          params: HandleParams,
          response: { 200: ChatRoom, ...problems(404) },
        },
      },
      async (request) => {
        const s = await moderation.standing(request.params.handle, request.identity);
        const settings = await moderation.settings(request.params.handle);
        const ban = s.anonymous ? null : await moderation.banOf(s, request.identity!.userId);
        return {
          handle: s.channel.handle,
          settings,
          role: s.anonymous ? null : s.role,
          canModerate: !s.anonymous && mayModerate(s),
          ban,
        };
      },
    );

    app.patch(
      '/api/chat/:handle/settings',
      {
        schema: {
          tags,
          summary: "Change the chat's modes (broadcaster and moderators)",
          security: bearer,
          params: HandleParams,
          body: ChatSettingsPatch,
          response: { 200: ChatSettings, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => moderation.updateSettings(request.params.handle, requireIdentity(request), request.body),
    );

    app.delete(
      '/api/chat/:handle/messages/:id',
      {
        schema: {
          tags,
          summary: 'Delete one message (broadcaster and moderators)',
          security: bearer,
          params: MessageParams,
          response: { 204: NoContent, ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await moderation.deleteMessage(request.params.handle, requireIdentity(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/chat/:handle/messages',
      {
        schema: {
          tags,
          summary: "Clear a user's messages (`?user=`), or the whole chat (broadcaster and moderators)",
          security: bearer,
          params: HandleParams,
          querystring: ClearQuery,
          response: { 204: NoContent, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await moderation.clear(request.params.handle, requireIdentity(request), request.query.user);
        return reply.code(204).send(null);
      },
    );

    for (const [path, role] of [
      ['moderators', 'moderator'],
      ['vips', 'vip'],
    ] as const) {
      app.get(
        `/api/chat/:handle/${path}`,
        {
          schema: {
            tags,
            summary: `The channel's ${path} (broadcaster)`,
            security: bearer,
            params: HandleParams,
            response: { 200: Items(ChatRoleGrant), ...problems(401, 403, 404) },
          },
        },
        async (request) => ({ items: await moderation.grants(request.params.handle, requireIdentity(request), role) }),
      );
      app.put(
        `/api/chat/:handle/${path}/:user`,
        {
          schema: {
            tags,
            summary: `Make a user a ${role} of the channel (broadcaster)`,
            security: bearer,
            params: UserParams,
            response: { 204: NoContent, ...problems(400, 401, 403, 404) },
          },
        },
        async (request, reply) => {
          await moderation.grant(request.params.handle, requireIdentity(request), request.params.user, role);
          return reply.code(204).send(null);
        },
      );
      app.delete(
        `/api/chat/:handle/${path}/:user`,
        {
          schema: {
            tags,
            summary: `Take a user's ${role} role away (broadcaster)`,
            security: bearer,
            params: UserParams,
            response: { 204: NoContent, ...problems(401, 403, 404) },
          },
        },
        async (request, reply) => {
          await moderation.revoke(request.params.handle, requireIdentity(request), request.params.user, role);
          return reply.code(204).send(null);
        },
      );
    }

    app.get(
      '/api/chat/:handle/bans',
      {
        schema: {
          tags,
          summary: 'Bans and timeouts in force (broadcaster and moderators)',
          security: bearer,
          params: HandleParams,
          response: { 200: Items(ChatBan), ...problems(401, 403, 404) },
        },
      },
      async (request) => ({ items: await moderation.bans(request.params.handle, requireIdentity(request)) }),
    );
    app.put(
      '/api/chat/:handle/bans/:user',
      {
        schema: {
          tags,
          summary: 'Ban a user, or time them out with `durationSeconds` (1 s to 2 weeks)',
          security: bearer,
          params: UserParams,
          body: ChatBanBody,
          response: { 200: ChatBan, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) =>
        moderation.ban(request.params.handle, requireIdentity(request), request.params.user, request.body ?? {}),
    );
    app.delete(
      '/api/chat/:handle/bans/:user',
      {
        schema: {
          tags,
          summary: 'Lift a ban or timeout',
          security: bearer,
          params: UserParams,
          response: { 204: NoContent, ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await moderation.unban(request.params.handle, requireIdentity(request), request.params.user);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/chat/:handle/blocked-terms',
      {
        schema: {
          tags,
          summary: 'Blocked terms (broadcaster and moderators)',
          security: bearer,
          params: HandleParams,
          response: { 200: Items(BlockedTerm), ...problems(401, 403, 404) },
        },
      },
      async (request) => ({ items: await moderation.terms(request.params.handle, requireIdentity(request)) }),
    );
    app.post(
      '/api/chat/:handle/blocked-terms',
      {
        schema: {
          tags,
          summary: 'Block a term: whole words, `*` at a word start or end lets it run on',
          security: bearer,
          params: HandleParams,
          body: TermBody,
          response: { 201: BlockedTerm, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await moderation.addTerm(request.params.handle, requireIdentity(request), request.body.term)),
    );
    app.delete(
      '/api/chat/:handle/blocked-terms/:id',
      {
        schema: {
          tags,
          summary: 'Stop blocking a term',
          security: bearer,
          params: TermParams,
          response: { 204: NoContent, ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await moderation.removeTerm(request.params.handle, requireIdentity(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/chat/:handle/log',
      {
        schema: {
          tags,
          summary: 'Every moderation action, newest first (broadcaster and moderators)',
          security: bearer,
          params: HandleParams,
          querystring: PageQuery,
          response: { 200: LogPage, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 50;
        const cursor = request.query.cursor ? decodeKeyset(request.query.cursor, 'new') : undefined;
        const after = cursor?.sort === 'new' ? { at: cursor.key, id: cursor.id } : undefined;
        const rows = await moderation.log(request.params.handle, requireIdentity(request), limit + 1, after);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            action: r.action,
            moderator: r.moderator,
            target: r.target,
            details: r.details,
          })),
          nextCursor: rows.length > limit && last ? encodeKeyset({ sort: 'new', key: last.at, id: last.id }) : null,
        };
      },
    );
  };
}
