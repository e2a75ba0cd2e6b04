#!/usr/bin/env node
// The all-in-one platform, as `framecast start` runs it, plus a probe module that records, once per event, each
// `video.ready` it handles (`GET /probe/handled`). With CRASH_PROBE_HANG=1 its handler never finishes: it writes
// DATA_DIR/probe-hanging and waits, so a test can kill the process in the middle of it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumeOnce } from '@framecast/adapters';
import { loadConfig, startRuntime } from '@framecast/kit';
import { catalog } from '../../packages/cli/dist/catalog.js';

const SCHEMA = 'crash_probe';

const probe = {
  name: 'probe',
  deps: [],
  prefixes: ['/probe'],
  schema: SCHEMA,
  migrations: {
    '0001_handled': {
      async up(db) {
        await db.schema.createTable('handled').addColumn('event_id', 'text').addColumn('video_id', 'text').execute();
      },
    },
  },
  async init(ctx) {
    let subscription;
    return {
      async routes(app) {
        app.get('/probe/handled', async () =>
          ctx.db.kysely.withSchema(SCHEMA).selectFrom('handled').selectAll().orderBy('event_id').execute(),
        );
      },
      async start() {
        subscription = await ctx.events.subscribe('crash-probe', ['video.ready'], async (event) => {
          await consumeOnce(ctx.db, SCHEMA, 'crash-probe', event, async (trx) => {
            await trx
              .withSchema(SCHEMA)
              .insertInto('handled')
              .values({ event_id: event.id, video_id: event.payload.videoId })
              .execute();
            if (process.env.CRASH_PROBE_HANG === '1') {
              writeFileSync(join(ctx.config.dataDir, 'probe-hanging'), event.id);
              await new Promise(() => {});
            }
          });
        });
      },
      async stop() {
        await subscription?.close();
      },
    };
  },
};

const runtime = await startRuntime({ config: loadConfig(), catalog: [...catalog, probe], targets: ['all'] });
process.once('SIGTERM', () => void runtime.close().then(() => process.exit(0)));
