import { openDatabase } from '../db/database.js';
import { databaseJobQueueContract } from './database.jobs.contract.js';

databaseJobQueueContract('PGlite', () => openDatabase({ url: 'memory://', dataDir: '/nonexistent' }));
