import cookie from '@fastify/cookie';
import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import Type from 'typebox';
import { createAccountService } from './accounts/account.service.js';
import { createPasswordHasher } from './accounts/password.hasher.js';
import { createPasswordPolicy } from './accounts/password.policy.js';
import { channelRoutes } from './channels/channel.routes.js';
import { createIdentityService } from './oidc/identity.service.js';
import { createOidcLogin } from './oidc/oidc.client.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import { avatarRoutes } from './profile/avatar.routes.js';
import { usersRoutes } from './profile/users.routes.js';
import { createAccessTokenIssuer } from './sessions/access-token.issuer.js';
import { authRoutes } from './sessions/auth.routes.js';
import { jwksRoutes } from './sessions/jwks.routes.js';
import { refreshStore } from './sessions/refresh.store.js';
import { createSessionService } from './sessions/session.service.js';
import { createUserMetrics } from './user.metrics.js';
import { userMigrations } from './user.migrations.js';
import { seedUsers } from './user.seed.js';
import { scoped, USER_SCHEMA } from './user.tables.js';

/** Expired refresh tokens are kept this long, so a late replay is still recognised as reuse, then deleted. */
const PRUNE_AFTER_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

/** The services every entry point (HTTP, seed) builds from the context. */
async function accountsFor(ctx: ModuleContext) {
  const metrics = createUserMetrics(ctx.metrics);
  const outbox = ctx.outbox;
  const accounts = createAccountService({
    db: ctx.db.kysely,
    clock: ctx.clock,
    outbox,
    hasher: await createPasswordHasher(),
    checkPassword: createPasswordPolicy(),
    adminEmail: ctx.config.adminEmail,
    metrics,
  });
  return { metrics, outbox, accounts };
}

async function init(ctx: ModuleContext): Promise<Service> {
  const { config, clock } = ctx;
  const db = ctx.db.kysely;
  const users = scoped(db);
  const { metrics, outbox, accounts } = await accountsFor(ctx);
  const issuer = createAccessTokenIssuer({ db: users, clock, ttlSeconds: config.auth.accessTokenTtlSeconds });
  // Makes the first signing key now rather than on the first sign-in.
  await issuer.jwks();
  const sessions = createSessionService({
    db,
    clock,
    issuer,
    refreshTtlSeconds: config.auth.refreshTokenTtlSeconds,
    metrics,
  });
  const identities = createIdentityService({ db, clock, outbox, adminEmail: config.adminEmail, metrics });
  const login = config.oidc
    ? createOidcLogin({ oidc: config.oidc, publicUrl: config.publicUrl, cache: ctx.cache })
    : null;
  let pruner: NodeJS.Timeout | undefined;

  return {
    async routes(app) {
      await app.register(cookie);
      await app.register(jwksRoutes(issuer));
      await app.register(authRoutes({ accounts, sessions, config }));
      await app.register(oidcRoutes({ login, identities, sessions, config }));
      await app.register(usersRoutes({ db: users, clock }));
      await app.register(avatarRoutes({ db: users, clock, storage: ctx.storage, logger: ctx.logger }));
      await app.register(channelRoutes({ db, clock, outbox }));
    },
    async start() {
      const prune = () =>
        refreshStore
          .prune(users, clock.now(), PRUNE_AFTER_MS)
          .catch((err: unknown) => ctx.logger.warn({ err }, 'pruning expired refresh tokens failed'));
      pruner = setInterval(prune, PRUNE_EVERY_MS);
      pruner.unref();
    },
    async stop() {
      clearInterval(pruner);
    },
  };
}

/** The user module's own environment variables (documented in docs/operations.md). */
export const userSettingsSchema = Type.Object({
  /** Password of the demo accounts `framecast seed` creates. */
  FRAMECAST_SEED_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
});

/** Accounts, sessions, profiles, channels, follows, roles and single sign-on. */
export const userModule: ServiceModule<typeof userSettingsSchema, 'user'> = {
  name: 'user',
  settings: userSettingsSchema,
  deps: [],
  prefixes: ['/api/auth', '/api/users', '/api/channels', '/.well-known'],
  schema: USER_SCHEMA,
  migrations: userMigrations,
  init,
  async seed(ctx) {
    const { outbox, accounts } = await accountsFor(ctx);
    const password = ctx.settings.FRAMECAST_SEED_PASSWORD;
    await seedUsers(ctx, { accounts, outbox, ...(password ? { password } : {}) });
  },
};
