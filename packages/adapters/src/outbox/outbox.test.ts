import { openDatabase } from '../db/database.js';
import { outboxContract } from './outbox.contract.js';

outboxContract('PGlite', () => openDatabase({ url: 'memory://', dataDir: '/nonexistent' }));
