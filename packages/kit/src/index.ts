// Route schemas may use @fastify/swagger's `hide`, `tags` and `summary` in every package that uses the kit.
export type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
export * from './account.state.js';
export * from './adapters.js';
export * from './auth.js';
export * from './config.js';
export * from './errors.js';
export * from './http.js';
export * from './keyset.js';
export * from './logger.js';
export * from './messages.js';
export * from './metrics.js';
export * from './module.js';
export * from './periodic.task.js';
export * from './problem.js';
export * from './realtime/index.js';
export * from './registry.js';
export * from './runtime.js';
export * from './text.guard.js';
