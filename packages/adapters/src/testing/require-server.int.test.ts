import { describe, expect, it } from 'vitest';
import { requireServer } from './require-server.js';
import { testUrls } from './test-urls.js';

describe('requireServer against the real servers', () => {
  it('resolves for PostgreSQL, Redis and RabbitMQ at testUrls', async () => {
    await expect(requireServer('postgres')).resolves.toBeUndefined();
    await expect(requireServer('redis', testUrls.redis)).resolves.toBeUndefined();
    await expect(requireServer('rabbitmq', testUrls.rabbitmq)).resolves.toBeUndefined();
  });
});
