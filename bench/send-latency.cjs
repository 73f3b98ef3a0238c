#!/usr/bin/env node
// Sequential send -> receive latency over Socket.IO, against running Parley node(s).
//   SENDER_URL=http://127.0.0.1:3000 [RECEIVER_URL=http://127.0.0.1:3001] [COUNT=500] node bench/send-latency.cjs
// Registers two fresh users, makes a room, then for each message: emitWithAck('message:send') on the
// sender's socket and waits for 'message:new' on the receiver's socket (on RECEIVER_URL, a second node,
// when given). Run the server(s) with SOCKET_RATE_LIMIT raised, or the per-user limit throttles the run.
// A probe, not the benchmark suite: sequential, one sender, one receiver.
const { io } = require('socket.io-client');
const { randomBytes } = require('node:crypto');

const senderUrl = process.env.SENDER_URL ?? 'http://127.0.0.1:3000';
const receiverUrl = process.env.RECEIVER_URL ?? senderUrl;
const count = Number(process.env.COUNT ?? 500);

const post = (path, body, token) =>
  fetch(`${senderUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).then(async (res) => {
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  });

const register = (tag) => {
  const name = `probe_${tag}_${randomBytes(3).toString('hex')}`;
  return post('/auth/register', { username: name, email: `${name}@example.com`, password: 'probe-password' });
};

const connect = (url, token) =>
  new Promise((resolve, reject) => {
    const socket = io(`${url}/chat`, { auth: { token }, transports: ['websocket'] });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

const percentile = (values, p) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

(async () => {
  const [a, b] = [await register('a'), await register('b')];
  const room = await post('/rooms', { room_type: 'GROUP', participants: [b.user.id] }, a.access_token);
  const [sender, receiver] = [await connect(senderUrl, a.access_token), await connect(receiverUrl, b.access_token)];
  const acks = [];
  const deliveries = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    const delivered = new Promise((resolve) => receiver.once('message:new', () => resolve(process.hrtime.bigint())));
    const ack = await sender.timeout(5000).emitWithAck('message:send', { room_id: room.id, content: `probe ${i}` });
    if (!ack.ok) throw new Error(`send ${i}: ${JSON.stringify(ack.error)}`);
    acks.push(Number(process.hrtime.bigint() - started) / 1e6);
    deliveries.push(Number((await delivered) - started) / 1e6);
  }
  const fmt = (values) => `p50 ${percentile(values, 0.5).toFixed(2)} ms  p99 ${percentile(values, 0.99).toFixed(2)} ms`;
  console.log(`message:send ack  ${fmt(acks)}`);
  console.log(`send -> delivery  ${fmt(deliveries)}  (${count} sequential messages${receiverUrl !== senderUrl ? ', receiver on another node' : ''})`);
  sender.close();
  receiver.close();
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
