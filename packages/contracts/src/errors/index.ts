export * from './error.catalog.js';
