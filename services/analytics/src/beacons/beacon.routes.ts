import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BeaconAccepted, BeaconBatch } from '@framecast/contracts';
import { AppError, problems } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { BeaconIngest } from './beacon.ingest.js';

/** A full batch of 100 events is about 8 KiB; anything much larger is not a player's. */
const BODY_LIMIT = 32 * 1024;

/** `POST /api/analytics/events`: the player's beacons (docs/api.md, "Analytics"). */
export function beaconRoutes(deps: { ingest: BeaconIngest }) {
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    // `navigator.sendBeacon` of a string sends text/plain: in this scope it is parsed as the JSON it holds.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(AppError.badRequest('malformed_json', 'The request body is not valid JSON.'), undefined);
      }
    });
    app.post(
      '/api/analytics/events',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags: ['analytics'],
          summary:
            "A batch of one playback session's events (start, heartbeats, pauses, seeks, stalls, renditions, errors)",
          description:
            'Checked whole: a batch with any bad event is answered 400 and counts nothing. A batch sent again ' +
            '(the same `session` and `seq`) is answered 200 with `duplicate: true` and counts nothing.',
          body: BeaconBatch,
          response: { 200: BeaconAccepted, ...problems(400, 404, 413, 429) },
        },
      },
      async (request) =>
        deps.ingest.ingest(request.body, { userId: request.identity?.userId ?? null, address: request.ip }),
    );
  };
}
