import { openDatabase } from '../db/database.js';
import { databaseEventBusContract } from './database.events.contract.js';

databaseEventBusContract('PGlite', () => openDatabase({ url: 'memory://', dataDir: '/nonexistent' }));
