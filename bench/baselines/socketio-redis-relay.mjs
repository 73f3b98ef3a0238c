// Baseline: raw Socket.IO across nodes, nothing else: the same Redis streams adapter
// (@socket.io/redis-streams-adapter over ioredis) that Parley uses with REDIS_URL, no
// persistence, no auth, no validation. A client names its user id and rooms in the
// handshake; `message:send` gets an in-memory per-room seq (per node: nothing is
// shared but the broadcast) and is relayed to the room on every node, in Parley's
// wire shape (wire.mjs). The bare-library ceiling for the two-node scenario.
// REDIS_URL: the Redis; STREAM_NAME: the stream (and pub/sub channel prefix), one per run.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { wireMessage } from './wire.mjs';

const streamName = process.env.STREAM_NAME ?? 'bench-baseline:socket.io';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
await redis.connect();

const httpServer = http.createServer((req, res) => {
  res.statusCode = req.url === '/ready' ? 200 : 404;
  res.end();
});
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024, adapter: createAdapter(redis, { streamName, channelPrefix: streamName }) });
const chat = io.of('/chat');
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
});

httpServer.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  redis.disconnect();
  process.exit(0);
});
