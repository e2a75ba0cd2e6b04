export { requireServer, type ServerKind } from './require-server.js';
export { startS3rver, type TestS3 } from './s3rver.js';
export { readTestUrls, type TestUrls, testUrls } from './test-urls.js';
