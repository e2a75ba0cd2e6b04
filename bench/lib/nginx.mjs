import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnProcess, waitForHttp } from './processes.mjs';

const DEBIAN_NGINX = '/usr/sbin/nginx';

/** A header value as an nginx string: quoted, with no variable interpolation. */
function quoted(value) {
  if (value.includes('$')) throw new Error(`An nginx header value cannot hold "$" here: ${value}`);
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function serverBlock({ port, edge }) {
  const lines = [];
  if (edge) {
    // The same work our gateway's edge does on an anonymous GET: count the caller's address, add security headers.
    lines.push('limit_req zone=per_address burst=1000000 nodelay;');
    for (const [name, value] of Object.entries(edge.headers)) lines.push(`add_header ${name} ${quoted(value)} always;`);
  }
  lines.push(
    'proxy_pass http://framecast_user;',
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Request-Id $request_id;',
  );
  return `  server {
    listen 127.0.0.1:${port};
    location / {
${lines.map((l) => `      ${l}`).join('\n')}
    }
  }`;
}

/**
 * nginx as the reverse proxy a deployment would put in front of a Node service, with the settings that make the
 * comparison fair: one worker (our gateway is one Node process), keep-alive to the upstream (as our proxy's pool
 * does), no access log (ours logs only warnings), no cap on requests per connection (Node has none), and the request
 * id passed on (as ours does). Each of `servers` listens on its own port; one with `edge` also does what our edge does
 * (a per-address rate limit, here in nginx's shared memory, and the same response headers). Everything it writes stays
 * in `dir`.
 */
export function nginxConfig({ dir, upstream, servers }) {
  const at = (name) => join(dir, name);
  return `daemon off;
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;

events {
  worker_connections 4096;
}

http {
  access_log off;
  client_body_temp_path ${at('client_body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  keepalive_requests 1000000;
  limit_req_zone $binary_remote_addr zone=per_address:10m rate=1000000r/s;

  upstream framecast_user {
    server ${upstream};
    keepalive 128;
    keepalive_requests 1000000;
  }

${servers.map(serverBlock).join('\n\n')}
}
`;
}

/**
 * The nginx binary: NGINX_BIN, else Debian's. When it is missing and we are root, it is installed from Debian's
 * packages (`apt-get install -y nginx`), as the benchmark's instructions say; otherwise the run stops and says how.
 */
export function findNginx(env = process.env) {
  const bin = env.NGINX_BIN ?? DEBIAN_NGINX;
  if (existsSync(bin)) return bin;
  if (process.getuid?.() !== 0) {
    throw new Error(`nginx is not installed (${bin}): run "sudo apt-get install -y nginx" or set NGINX_BIN.`);
  }
  console.error('bench: nginx is missing; installing it with apt-get');
  const apt = (args) =>
    spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let result = apt(['install', '-y', 'nginx']);
  if (result.status !== 0) {
    apt(['update']);
    result = apt(['install', '-y', 'nginx']);
  }
  if (result.status !== 0 || !existsSync(bin)) {
    throw new Error(`Installing nginx failed:\n${result.stdout}${result.stderr}`);
  }
  return bin;
}

/**
 * nginx in the foreground, proxying each of `servers` (127.0.0.1:`port`) to `upstream` (host:port); resolved once
 * every server answers `readyPath`.
 */
export async function startNginx(scope, { bin, dir, servers, upstream, readyPath }) {
  const config = join(dir, 'nginx.conf');
  await writeFile(config, nginxConfig({ dir, servers, upstream }));
  // As root, nginx's worker runs as an unprivileged user that must reach its temp directories in here.
  await chmod(dir, 0o755);
  const proc = spawnProcess(scope, {
    name: 'nginx',
    command: bin,
    args: ['-c', config, '-p', dir, '-e', join(dir, 'error.log')],
    env: { PATH: process.env.PATH },
    cwd: dir,
  });
  for (const { port } of servers) await waitForHttp(proc, `http://127.0.0.1:${port}${readyPath}`);
  return { ...proc, urls: servers.map(({ port }) => `http://127.0.0.1:${port}`) };
}
