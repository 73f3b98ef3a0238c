// Baseline: raw Socket.IO, nothing else. No persistence, no auth, no validation: a
// client names its user id and rooms in the handshake; `message:send` gets an
// in-memory per-room seq and is relayed to the room (in Parley's wire shape, wire.mjs), `typing` to the room's others.
// The bare-library ceiling for the fanout and ephemeral scenarios, and for idle
// connections (each socket joins its rooms, as Parley's do). With RELAY_REDIS_URL, the
// same relay on several nodes through the Redis streams adapter Parley uses
// (RELAY_STREAM_NAME: the stream and pub/sub channel prefix, one per run): the ceiling of
// the two-node scenario. Seqs stay per node then; only the broadcast is shared.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { wireMessage } from './wire.mjs';

const redis = process.env.RELAY_REDIS_URL ? new Redis(process.env.RELAY_REDIS_URL, { lazyConnect: true }) : null;
await redis?.connect();
const streamName = process.env.RELAY_STREAM_NAME ?? 'bench-baseline:socket.io';

const httpServer = http.createServer((req, res) => {
  res.statusCode = req.url === '/ready' ? 200 : 404;
  res.end();
});
const adapter = redis ? { adapter: createAdapter(redis, { streamName, channelPrefix: streamName }) } : {};
const chat = new Server(httpServer, { maxHttpBufferSize: 64 * 1024, ...adapter }).of('/chat');
const seqs = new Map();

chat.on('connection', (socket) => {
  const { user_id: userId, username, rooms = [] } = socket.handshake.auth;
  socket.join([`user:${userId}`, ...rooms]);
  socket.on('message:send', ({ room_id: roomId, content }, ack) => {
    if (!socket.rooms.has(roomId)) return ack?.({ ok: false, error: { code: 'room_access_denied' } });
    const seq = (seqs.get(roomId) ?? 0) + 1;
    seqs.set(roomId, seq);
    const message = wireMessage({ id: randomUUID(), roomId, seq, senderId: userId, username, content, createdAt: new Date().toISOString() });
    chat.to(roomId).emit('message:new', message);
    ack?.({ ok: true, data: message });
  });
  socket.on('typing', ({ room_id: roomId, is_typing: isTyping }, ack) => {
    if (!socket.rooms.has(roomId)) return ack?.({ ok: false, error: { code: 'room_access_denied' } });
    socket.to(roomId).emit('typing', { room_id: roomId, user_id: userId, is_typing: isTyping });
    ack?.({ ok: true, data: null });
  });
});

httpServer.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  redis?.disconnect();
  process.exit(0);
});
