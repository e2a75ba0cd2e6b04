// The chat benchmark's senders, in the benchmark's own process: a few sockets in the room, taking turns to send
// messages at a steady rate, each stamped with its send time. Ours: each sender signs in with its account's access
// token (`auth`), then sends `{"type":"send","text","nonce"}`; the server makes the message frame. The peers: each
// sender sends the whole message frame (`peerFrame`), which the peer forwards as it is.
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { dueMs, messageText, nowUs, pageOrigin, peerFrame } from './chat.messages.mjs';

const OPEN_TIMEOUT_MS = 20_000;

/** Resolves with the first frame of `socket` that `match` accepts (parsed), rejecting on `fail`, close or timeout. */
function awaitFrame(socket, what, match, fail = () => null) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${what} within ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
    const onMessage = (raw) => {
      const frame = JSON.parse(String(raw));
      const problem = fail(frame);
      if (problem) done(new Error(`${what}: ${problem}`));
      else if (match(frame)) done(null, frame);
    };
    const onClose = (code, reason) => done(new Error(`closed (${code} ${reason}) before ${what}`));
    const onError = (error) => done(error);
    function done(error, frame) {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error) reject(error);
      else resolve(frame);
    }
    socket.on('message', onMessage);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}

/** A sender of ours: signed in as the account of `token`, in the room; refusals (`error` frames) counted by code. */
async function oursSender(url, token, refused) {
  const socket = new WebSocket(url, { perMessageDeflate: false, origin: pageOrigin(url) });
  const authenticated = awaitFrame(
    socket,
    'authenticated',
    (f) => f.type === 'authenticated',
    (f) => (f.type === 'error' ? `${f.code} ${f.message}` : null),
  );
  socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
  const frame = await authenticated;
  if (!frame.user) throw new Error('the chat signed the sender in as nobody');
  socket.on('message', (raw) => {
    // Every message of the room reaches the senders too; only refusals of their own sends matter here.
    if (raw.length > 300 || !raw.includes('"error"')) return;
    const f = JSON.parse(String(raw));
    if (f.type === 'error') refused[f.code] = (refused[f.code] ?? 0) + 1;
  });
  return {
    name: frame.user.handle,
    send: (text, nonce) => socket.send(JSON.stringify({ type: 'send', text, nonce })),
    close: () => socket.terminate(),
  };
}

async function wsSender(url, name) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { name, send: (frame) => socket.send(frame), close: () => socket.terminate() };
}

async function socketIoSender(url, name) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { name, send: (message) => socket.emit('message', message), close: () => socket.disconnect() };
}

/**
 * Opens the senders of one server: ours with one account's token each (`tokens`), the peers with `count` sockets
 * named `chatter_<i>`. `send(seq)` sends message `seq` from sender `seq % count`, stamped now; `refused` counts what
 * ours refused.
 */
export async function openSenders(scope, { kind, url, tag, count, tokens = [] }) {
  const refused = {};
  const senders = [];
  scope.defer(`close the ${kind} senders`, () => {
    for (const s of senders) s.close();
  });
  for (let i = 0; i < count; i++) {
    const name = `chatter_${i + 1}`;
    if (kind === 'ours') senders.push(await oursSender(url, tokens[i], refused));
    else if (kind === 'ws') senders.push(await wsSender(url, name));
    else senders.push(await socketIoSender(url, name));
  }
  const send = (seq) => {
    const sender = senders[seq % senders.length];
    const sentUs = nowUs();
    const text = messageText(seq, tag, sentUs);
    const nonce = `${tag}-${seq}`;
    if (kind === 'ours') return sender.send(text, nonce);
    const frame = peerFrame({ seq, text, sender: sender.name, nonce, sentAt: new Date().toISOString() });
    return sender.send(kind === 'ws' ? frame : JSON.parse(frame));
  };
  return { send, refused };
}

/**
 * Calls `send(seq)` at a steady `rate` a second (on a schedule, so a late timer does not slow the rate) until
 * `stop()`, which resolves with how many were sent.
 */
export function sendSteadily(send, rate) {
  const started = performance.now();
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      send(sent++);
      const wait = dueMs(started, sent, rate) - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    sent: () => sent,
    async stop() {
      running = false;
      await loop;
      return sent;
    },
  };
}
