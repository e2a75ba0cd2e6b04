export { type DatabaseTarget, databaseTarget, type OpenDatabaseOptions, openDatabase } from './database.js';
export { migrate } from './migrate.js';
export type * from './types.js';
