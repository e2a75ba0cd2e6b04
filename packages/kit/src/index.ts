export * from './auth.js';
export * from './config.js';
export * from './errors.js';
export * from './module.js';
