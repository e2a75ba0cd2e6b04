import { Counter, Gauge, type Registry } from 'prom-client';

export function createChatMetrics(registry: Registry) {
  return {
    connections: new Gauge({
      name: 'framecast_chat_connections',
      help: 'Open chat sockets on this instance.',
      registers: [registry],
    }),
    rooms: new Gauge({
      name: 'framecast_chat_rooms',
      help: 'Chat rooms open on this instance (with sockets, or lingering after the last left).',
      registers: [registry],
    }),
    messages: new Counter({
      name: 'framecast_chat_messages_total',
      help: 'Chat messages sent through this instance.',
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'framecast_chat_deliveries_total',
      help: 'Frames written to chat sockets (messages, history, moderation, presence).',
      registers: [registry],
    }),
    writes: new Counter({
      name: 'framecast_chat_socket_writes_total',
      help: 'Writes to chat sockets, each of one or more frames: deliveries over writes is how many frames share one.',
      registers: [registry],
    }),
    refused: new Counter({
      name: 'framecast_chat_refused_total',
      help: 'Messages refused, by error code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    closed: new Counter({
      name: 'framecast_chat_sockets_closed_total',
      help: 'Chat sockets the server closed, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    stored: new Counter({
      name: 'framecast_chat_messages_stored_total',
      help: 'Chat messages written to the database.',
      registers: [registry],
    }),
    unstored: new Counter({
      name: 'framecast_chat_messages_unstored_total',
      help: 'Chat messages dropped before they could be stored (the database was down too long).',
      registers: [registry],
    }),
  };
}

export type ChatMetrics = ReturnType<typeof createChatMetrics>;
