// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeHeaders } from './gateway.bench.mjs';
import { nginxConfig } from './lib/nginx.mjs';

describe('edgeHeaders', () => {
  it('keeps the policy headers the edge adds, not per-response ones', () => {
    const direct = { 'content-type': 'application/json', 'x-request-id': 'a', date: 'now' };
    const viaGateway = {
      ...direct,
      'x-request-id': 'b',
      'x-frame-options': 'SAMEORIGIN',
      'x-ratelimit-limit': '10',
      'content-security-policy': "default-src 'self'",
    };
    assert.deepEqual(edgeHeaders(viaGateway, direct), {
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': "default-src 'self'",
    });
  });
});

describe('nginxConfig', () => {
  const config = nginxConfig({
    dir: '/tmp/bench',
    upstream: '127.0.0.1:8081',
    servers: [{ port: 9001 }, { port: 9002, edge: { headers: { 'x-note': 'say "hi"' } } }],
  });

  it('runs one worker in the foreground, writing only under its directory', () => {
    assert.match(config, /^daemon off;/);
    assert.match(config, /worker_processes 1;/);
    assert.match(config, /access_log off;/);
    for (const line of config.split('\n').filter((l) => /(_path|pid|error_log) /.test(l))) {
      assert.match(line, /\/tmp\/bench\//, line);
    }
  });

  it('keeps upstream connections alive', () => {
    assert.match(config, /keepalive 128;/);
    assert.match(config, /proxy_http_version 1\.1;/);
    assert.match(config, /proxy_set_header Connection "";/);
  });

  it('adds the edge work only to the edge server, with quoted header values', () => {
    const [plain, edge] = config.split('server {').slice(1);
    assert.doesNotMatch(plain, /limit_req|add_header/);
    assert.match(edge, /limit_req zone=per_address/);
    assert.match(edge, /add_header x-note "say \\"hi\\"" always;/);
  });
});
