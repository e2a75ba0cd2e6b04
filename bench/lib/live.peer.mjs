// The live capacity benchmark's peer: Debian's nginx with libnginx-mod-rtmp. Either the Owncast-style ladder (nginx-rtmp
// `exec` starts one FFmpeg per published stream, which reads the stream back over RTMP and encodes the ladder to HLS
// files that nginx serves), or nginx-rtmp's own HLS of the stream as sent (no ladder), served by nginx.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, spawnProcess } from './processes.mjs';

const NGINX = '/usr/sbin/nginx';
const RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

/** One argument as an nginx configuration token: bare when it can be, else double-quoted. Pure. */
export function nginxToken(arg) {
  if (/^[A-Za-z0-9_\-.:/=,%+@$]+$/.test(arg)) return arg;
  return `"${arg.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * The FFmpeg argv (after the binary) an Owncast-style server runs per stream for `plan` (our `planLiveLadder`'s): the
 * stream read from `input`, decoded once, each encoded rung scaled from the source with the same x264 options and
 * bitrates our transcoder uses (`veryfast`, `zerolatency`, CBR under a one-second buffer, keyframes on the source's),
 * the passed-through rung and the audio copied, every rung with the audio as an HLS variant of MPEG-TS segments of
 * `segmentSeconds` (`<name>-<variant>.m3u8` in `hlsDir`, with program date times), progress written to `progress`.
 */
export function peerLadderArgs(plan, { input, hlsDir, name, progress, segmentSeconds }) {
  const encoded = plan.video.map((r, i) => ({ r, i })).filter(({ r }) => !r.passthrough);
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-stats_period', '1', '-progress', progress, '-i', input];
  if (encoded.length > 0) {
    const labels = encoded.map(({ i }) => `[s${i}]`).join('');
    const split = encoded.length > 1 ? `split=${encoded.length}${labels}` : `null${labels}`;
    const scales = encoded.map(({ r, i }) => {
      const fps = r.fps < plan.sourceFps ? `fps=${r.fps},` : '';
      return `[s${i}]${fps}scale=w=${r.width}:h=${r.height}:flags=bicubic,format=yuv420p[v${i}]`;
    });
    args.push('-filter_complex', [`[0:v:0]${split}`, ...scales].join(';'));
  }
  plan.video.forEach((r, i) => {
    if (r.passthrough) {
      args.push('-map', '0:v:0', `-c:v:${i}`, 'copy');
      return;
    }
    const rate = String(r.bitrate);
    args.push('-map', `[v${i}]`, `-c:v:${i}`, 'libx264', `-b:v:${i}`, rate, `-maxrate:v:${i}`, rate);
    args.push(`-bufsize:v:${i}`, rate, `-g:v:${i}`, String(Math.round(r.fps * segmentSeconds)));
    // Per stream: an encoder option given to every video stream would be refused by the copied one.
    args.push(`-preset:v:${i}`, 'veryfast', `-tune:v:${i}`, 'zerolatency', `-profile:v:${i}`, 'high');
  });
  args.push('-sc_threshold', '0');
  args.push('-force_key_frames', 'source', '-fps_mode', 'passthrough');
  for (const _rung of plan.video) args.push('-map', '0:a:0');
  args.push('-c:a', 'copy');
  const variants = plan.video.map((_r, i) => `v:${i},a:${i}`).join(' ');
  args.push('-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', '6');
  args.push('-hls_flags', 'delete_segments+program_date_time+independent_segments');
  args.push('-hls_segment_filename', join(hlsDir, `${name}-%v-%05d.ts`), '-master_pl_name', `${name}.m3u8`);
  args.push('-var_stream_map', variants, join(hlsDir, `${name}-%v.m3u8`));
  return args;
}

/**
 * nginx with the RTMP module, one worker (our platform is one Node process), no access log, files sent with
 * `sendfile` (Debian's default configuration). The RTMP application `live` takes publishers at
 * `rtmp://127.0.0.1:<rtmpPort>/live/<name>`; with `exec`, nginx-rtmp runs that command (a list of arguments, `$name`
 * standing for the stream's name) for each stream published; with `hls`, nginx-rtmp writes the stream's own HLS
 * (`<name>.m3u8`, fragments of `hls.fragment` seconds). Everything under `dir/hls` is served at
 * `http://127.0.0.1:<httpPort>/hls/` (to pages of any origin with `cors`). Pure.
 */
export function nginxRtmpConfig({ dir, rtmpPort, httpPort, exec = null, hls = null, cors = false }) {
  const app = ['live on;'];
  if (exec) app.push(`exec ${exec.map(nginxToken).join(' ')};`);
  if (hls) {
    app.push('hls on;', `hls_path ${join(dir, 'hls')};`, `hls_fragment ${hls.fragment}s;`);
    app.push(`hls_playlist_length ${hls.playlistLength}s;`);
  }
  return `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
load_module ${RTMP_MODULE};
events { worker_connections 4096; }
rtmp {
  server {
    listen 127.0.0.1:${rtmpPort};
    application live {
${app.map((line) => `      ${line}`).join('\n')}
    }
  }
}
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${httpPort};
    location /hls/ {
      alias ${join(dir, 'hls')}/;
      add_header Cache-Control no-cache;${cors ? '\n      add_header Access-Control-Allow-Origin *;' : ''}
    }
  }
}
`;
}

/** Stops the run when Debian's nginx or its RTMP module is missing, saying what to install. */
export function requireNginxRtmp() {
  if (!existsSync(NGINX) || !existsSync(RTMP_MODULE)) {
    throw new Error('The live capacity benchmark needs: sudo apt-get install -y nginx libnginx-mod-rtmp');
  }
}

/**
 * nginx-rtmp in a fresh folder under `parent`, with `exec` (a function of `{dir, rtmpPort}` giving the argv, or null) and
 * `hls` and `cors`, as `nginxRtmpConfig` takes them; the scope stops it. nginx's worker, and what it runs, is another user when
 * we are root: the folders it writes are open to it.
 */
export async function startNginxRtmp(scope, { parent, exec = null, hls = null, cors = false }) {
  const dir = await mkdtemp(join(parent, 'nginx-'));
  for (const sub of ['hls', 'progress']) await mkdir(join(dir, sub));
  await chmod(parent, 0o755);
  for (const path of [dir, join(dir, 'hls'), join(dir, 'progress')]) await chmod(path, 0o777);
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const config = nginxRtmpConfig({ dir, rtmpPort, httpPort, exec: exec ? exec({ dir, rtmpPort }) : null, hls, cors });
  await writeFile(join(dir, 'nginx.conf'), config);
  const proc = spawnProcess(scope, {
    name: 'nginx-rtmp',
    command: NGINX,
    args: ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')],
    env: { PATH: process.env.PATH },
    cwd: dir,
  });
  await sleep(500);
  if (!proc.isRunning()) throw new Error(`nginx-rtmp did not start:\n${proc.output()}`);
  return {
    dir,
    pid: proc.pid,
    rtmpPort,
    ingestUrl: (name) => `rtmp://127.0.0.1:${rtmpPort}/live/${name}`,
    httpUrl: (path) => `http://127.0.0.1:${httpPort}/hls/${path}`,
    progress: (name) => readFile(join(dir, 'progress', `${name}.txt`), 'utf8').catch(() => ''),
    log: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    stop: () => proc.stop(),
  };
}
