#!/usr/bin/env node
import { ConfigError, loadConfig, parseTargets, TargetError } from '@framecast/kit';
import { Command } from 'commander';
import { migrateAll, seed, start } from './commands.js';

const program = new Command('framecast')
  .description('Framecast: live streaming and video on demand')
  .showHelpAfterError();

program
  .command('start')
  .description('run the platform (all modules, or the given targets)')
  .option('-t, --target <targets>', 'comma-separated modules to run: all, gateway, user', 'all')
  .action(async (opts: { target: string }) => {
    await start(loadConfig(), parseTargets(opts.target));
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .option('-t, --target <targets>', 'modules to migrate', 'all')
  .action(async (opts: { target: string }) => {
    await migrateAll(loadConfig(), parseTargets(opts.target));
  });

program
  .command('seed')
  .description('create demo users and channels')
  .action(async () => {
    await seed(loadConfig());
  });

/** Problems a person can fix get one clear line, not a stack trace. */
function explain(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof TargetError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return `Port ${(error as { port?: number }).port ?? ''} is already in use: stop the other program or set PORT.`;
  }
  if (code === 'ECONNREFUSED') {
    const address = (error as { address?: string; port?: number }).address;
    return `Could not connect to ${address ?? 'a configured server'}:${(error as { port?: number }).port ?? ''}: is it running? Check DATABASE_URL, REDIS_URL and AMQP_URL.`;
  }
  return undefined;
}

program.parseAsync().catch((error: unknown) => {
  const message = explain(error);
  if (message) console.error(`framecast: ${message}`);
  else console.error(error);
  process.exit(1);
});
