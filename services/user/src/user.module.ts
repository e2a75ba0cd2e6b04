import cookie from '@fastify/cookie';
import { type ModuleContext, periodicTask, type Service, type ServiceModule } from '@framecast/kit';
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
import { loadRefreshSecret, refreshStore } from './sessions/refresh.store.js';
import { createSessionService } from './sessions/session.service.js';
import { createUserMetrics } from './user.metrics.js';
import { userMigrations } from './user.migrations.js';
import { seedUsers } from './user.seed.js';
import { toUserSettings, type UserSettings, userSettingsSchema } from './user.settings.js';
import { scoped, USER_SCHEMA } from './user.tables.js';

/** Expired refresh tokens are kept this long, so a late replay is still recognised as reuse, then deleted. */
const PRUNE_AFTER_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

/** The services every entry point (HTTP, seed) builds from the context. */
async function accountsFor(ctx: ModuleContext, settings: UserSettings) {
  const metrics = createUserMetrics(ctx.metrics);
  const outbox = ctx.outbox;
  const accounts = createAccountService({
    db: ctx.db.kysely,
    clock: ctx.clock,
    outbox,
    hasher: await createPasswordHasher(),
    checkPassword: createPasswordPolicy(),
    adminEmail: settings.adminEmail,
    metrics,
  });
  return { metrics, outbox, accounts };
}

async function init(ctx: ModuleContext, settings: UserSettings): Promise<Service> {
  const { config, clock } = ctx;
  const db = ctx.db.kysely;
  const users = scoped(db);
  const { metrics, outbox, accounts } = await accountsFor(ctx, settings);
  const issuer = createAccessTokenIssuer({ db: users, clock, ttlSeconds: settings.accessTokenTtlSeconds });
  // Makes the first signing key now rather than on the first sign-in.
  await issuer.jwks();
  const sessions = createSessionService({
    db,
    clock,
    issuer,
    refreshTtlSeconds: settings.refreshTokenTtlSeconds,
    reuseGraceSeconds: settings.refreshReuseGraceSeconds,
    secret: await loadRefreshSecret(users),
    metrics,
  });
  const identities = createIdentityService({ db, clock, outbox, adminEmail: settings.adminEmail, metrics });
  const login = settings.oidc
    ? createOidcLogin({ oidc: settings.oidc, publicUrl: config.publicUrl, cache: ctx.cache })
    : null;
  const pruner = periodicTask({
    everyMs: PRUNE_EVERY_MS,
    logger: ctx.logger,
    failure: 'pruning expired refresh tokens failed',
    work: () => refreshStore.prune(users, clock.now(), PRUNE_AFTER_MS),
  });

  return {
    async routes(app) {
      await app.register(cookie);
      await app.register(jwksRoutes(issuer));
      await app.register(authRoutes({ accounts, sessions, config, settings }));
      await app.register(oidcRoutes({ login, identities, sessions, config, settings }));
      await app.register(
        usersRoutes({
          db,
          clock,
          outbox,
          states: ctx.accountStates,
          accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
          storage: ctx.storage,
          logger: ctx.logger,
        }),
      );
      await app.register(avatarRoutes({ db: users, clock, storage: ctx.storage, logger: ctx.logger }));
      await app.register(channelRoutes({ db, clock, outbox }));
    },
    start: async () => pruner.start(),
    stop: () => pruner.stop(),
  };
}

/** Accounts, sessions, profiles, channels, follows, roles and single sign-on. */
export const userModule: ServiceModule<typeof userSettingsSchema, 'user'> = {
  name: 'user',
  settings: userSettingsSchema,
  deps: [],
  prefixes: ['/api/auth', '/api/users', '/api/channels', '/.well-known'],
  schema: USER_SCHEMA,
  migrations: userMigrations,
  init: (ctx) => init(ctx, toUserSettings(ctx.settings)),
  async seed(ctx) {
    const settings = toUserSettings(ctx.settings);
    const { outbox, accounts } = await accountsFor(ctx, settings);
    const password = settings.seedPassword;
    await seedUsers(ctx, { accounts, outbox, ...(password ? { password } : {}) });
  },
};
