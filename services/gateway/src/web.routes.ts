import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { AppError } from '@framecast/kit';
import type { FastifyInstance, FastifyReply } from 'fastify';

const SHELL = 'shell';
/** Build outputs with a content hash in their name never change; everything else is revalidated. */
const HASHED = /[/\\]static[/\\].+\.[0-9a-f]{8,}\./;
const API_PATHS = /^\/(api|mf|\.well-known)(\/|$)/;

/** The built microfrontends found under `webDir`: `<name>/dist`, the shell plus every remote with a manifest. */
export function findBuilds(webDir: string) {
  const shell = join(webDir, SHELL, 'dist');
  const remotes: Record<string, string> = {};
  if (existsSync(webDir)) {
    for (const name of readdirSync(webDir)) {
      const dist = join(webDir, name, 'dist');
      if (name !== SHELL && existsSync(join(dist, 'mf-manifest.json'))) remotes[name] = dist;
    }
  }
  return { shell: existsSync(join(shell, 'index.html')) ? shell : undefined, remotes };
}

/** The runtime manifest the shell reads to locate its remotes: a remote redeploys without a new shell. */
export function remotesManifest(remotes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(remotes).map((name) => [name, `/mf/${name}/mf-manifest.json`]));
}

function cacheHeaders(reply: FastifyReply, path: string) {
  reply.header('cache-control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framecast</title></head>
<body><h1>Framecast</h1><p>The web app is not built yet. Run <code>npm run build</code>, then reload.</p></body></html>`;

/** Serves the shell at `/` (with the SPA fallback), each remote at `/mf/<name>/`, and `/mf/remotes.json`. */
export async function webRoutes(app: FastifyInstance, opts: { webDir: string }) {
  const builds = findBuilds(opts.webDir);
  const manifest = remotesManifest(builds.remotes);

  app.get('/mf/remotes.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return manifest;
  });
  for (const [name, dist] of Object.entries(builds.remotes)) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: `/mf/${name}/`,
      decorateReply: false,
      cacheControl: false,
      setHeaders: cacheHeaders,
    });
  }

  if (builds.shell) {
    await app.register(fastifyStatic, {
      root: builds.shell,
      prefix: '/',
      wildcard: false,
      cacheControl: false,
      setHeaders: cacheHeaders,
    });
  }

  // Any other page is a client-side route of the shell.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (API_PATHS.test(request.url)) {
      throw AppError.notFound('route_not_found', `No route GET ${request.url.slice(0, 200)}.`);
    }
    reply.header('cache-control', 'no-cache');
    if (!builds.shell) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.sendFile('index.html');
  });
  if (!builds.shell) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(NOT_BUILT),
    );
  }
}
