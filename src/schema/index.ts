export * from './schema.js';
export * from './types.js';
export * from './web-downloads.js';
