import { openDatabase } from '../db/database.js';
import { requireServer } from '../testing/require-server.js';
import { testUrls } from '../testing/test-urls.js';
import { databaseEventBusContract } from './database.events.contract.js';

databaseEventBusContract('PostgreSQL', async () => {
  await requireServer('postgres');
  return openDatabase({ url: testUrls.postgres, dataDir: '/nonexistent' });
});
