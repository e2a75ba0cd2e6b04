import { spawnSync } from 'node:child_process';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function rabbitmqctl(args) {
  const result = spawnSync('rabbitmqctl', args, { encoding: 'utf8' });
  if (result.error?.code === 'ENOENT') {
    throw new Error('rabbitmqctl is missing: it makes the benchmark its own RabbitMQ virtual host.');
  }
  return result;
}

/**
 * A RabbitMQ virtual host of the benchmark's own, deleted when the scope closes, so its job queue and event queues
 * (`framecast.jobs.transcode`, `framecast.events.video`…) are not shared with other Framecast processes on the same
 * broker (a test's transcoder would otherwise take the benchmark's jobs, or the other way round). Returns the AMQP
 * URL of the virtual host.
 */
export function createVhost(scope, { amqpUrl, name }) {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain virtual host name.`);
  const url = new URL(amqpUrl);
  const user = decodeURIComponent(url.username || 'guest');
  rabbitmqctl(['delete_vhost', name]); // a leftover of an interrupted run; fails harmlessly when there is none
  for (const args of [
    ['add_vhost', name],
    ['set_permissions', '-p', name, user, '.*', '.*', '.*'],
  ]) {
    const result = rabbitmqctl(args);
    if (result.status !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
  scope.defer(`delete RabbitMQ virtual host ${name}`, () => {
    rabbitmqctl(['delete_vhost', name]);
  });
  url.pathname = `/${name}`;
  return url.toString();
}
