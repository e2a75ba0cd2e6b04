import type { ModuleContext, ModuleOutbox } from '@framecast/kit';
import { AppError } from '@framecast/kit';
import type { AccountService } from './accounts/account.service.js';
import { accountStore } from './accounts/account.store.js';
import { channelStore } from './channels/channel.store.js';
import { scoped } from './user.tables.js';

/** Printed when FRAMECAST_SEED_PASSWORD is not set; only for demo data on a local install. */
export const DEFAULT_SEED_PASSWORD = 'watch-and-stream-together';

export const DEMO_USERS = [
  { handle: 'demo', email: 'demo@example.com', displayName: 'Framecast Demo', bio: 'The demo channel.' },
  { handle: 'alice', email: 'alice@example.com', displayName: 'Alice', bio: 'Speedruns and synthesizers.' },
  { handle: 'bob', email: 'bob@example.com', displayName: 'Bob', bio: 'Woodworking, live on Sundays.' },
] as const;

/** Who follows whom, by handle. */
const DEMO_FOLLOWS = [
  ['alice', 'demo'],
  ['bob', 'demo'],
  ['bob', 'alice'],
] as const;

/** Demo accounts with channels and a few follows. Existing accounts and follows are left as they are. */
export async function seedUsers(
  ctx: Pick<ModuleContext, 'db' | 'clock' | 'logger'>,
  deps: { accounts: AccountService; outbox: ModuleOutbox; password?: string },
): Promise<void> {
  const password = deps.password ?? DEFAULT_SEED_PASSWORD;
  if (deps.password === undefined) {
    ctx.logger.info(
      { password, handles: DEMO_USERS.map((u) => u.handle) },
      'demo accounts use the default password; set FRAMECAST_SEED_PASSWORD to choose another',
    );
  }
  const db = ctx.db.kysely;
  const ids = new Map<string, string>();
  for (const demo of DEMO_USERS) {
    const existing =
      (await accountStore.byHandle(scoped(db), demo.handle)) ?? (await accountStore.byEmail(scoped(db), demo.email));
    if (existing) {
      ids.set(demo.handle, existing.id);
      continue;
    }
    try {
      const account = await deps.accounts.register({ email: demo.email, handle: demo.handle, password });
      await accountStore.updateProfile(
        scoped(db),
        account.id,
        { displayName: demo.displayName, bio: demo.bio },
        ctx.clock.now(),
      );
      ids.set(demo.handle, account.id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'weak_password') {
        throw new Error(`FRAMECAST_SEED_PASSWORD is too weak for the demo accounts: ${error.message}`);
      }
      throw error;
    }
  }
  for (const [follower, channel] of DEMO_FOLLOWS) {
    const followerId = ids.get(follower);
    const channelId = ids.get(channel);
    if (!followerId || !channelId) continue;
    await db.transaction().execute(async (trx) => {
      if (await channelStore.follow(scoped(trx), followerId, channelId, ctx.clock.now())) {
        await deps.outbox.write(trx, 'user.followed', {
          followerId,
          followerHandle: follower,
          channelId,
          channelHandle: channel,
        });
      }
    });
  }
  ctx.logger.info({ accounts: ids.size }, 'demo accounts ready');
}
