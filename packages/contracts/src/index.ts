export * from './api/problem.js';
export * from './api/users.js';
export * from './api/videos.js';
export * from './events.js';
export * from './jobs.js';
export * from './realtime.js';
export * from './roles.js';
export * from './tokens.js';
