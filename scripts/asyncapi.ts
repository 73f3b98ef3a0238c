/**
 * The AsyncAPI document of the Socket.IO API (docs/asyncapi.yaml), generated from
 * the contract the code is typed with, so the two cannot drift:
 * - every client event of ClientEventMap becomes a `receive` operation whose reply is
 *   its ack (`{ok: true, data}` or AckRefusal); every server event of the event map
 *   (SOCKET_EVENTS) a `send` operation on the channel its `@channel` JSDoc tag names;
 * - payload and ack schemas are the TypeScript types turned into JSON Schema by
 *   ts-json-schema-generator (JSDoc becomes descriptions; `@format`, `@maxLength`
 *   and the like become keywords), and each map entry's JSDoc its operation's description;
 * - the prose (info, servers) comes from scripts/asyncapi-header.yaml.
 * `npm run asyncapi:generate` writes it; scripts/asyncapi.spec.ts (npm run test:unit)
 * fails when the committed file differs, and test/asyncapi.e2e-spec.ts holds real
 * payloads and acks to its schemas.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator, type Definition } from 'ts-json-schema-generator';
import { Document, isScalar, parse, visit } from 'yaml';
import { SOCKET_EVENTS } from '../src/core/events/event-map';

export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
const HEADER_FILE = 'scripts/asyncapi-header.yaml';
const CONTRACT_FILE = 'src/core/contracts/socket-events.ts';

type Schema = Definition & { channel?: string };
type Json = Record<string, unknown>;

/** Who receives a server event (its `@channel` tag), and how the document describes each. */
const AUDIENCES = {
  socket: { title: 'The socket', description: 'The connection itself, namespace /chat: client events are sent on it and answered by their acks.' },
  room: {
    title: "A room's channel",
    description:
      "The sockets in a room's Socket.IO room inside /chat: its members' sockets (on every device, from the handshake or the join on) and " +
      'the watchers of a public room who sent `room:join`. Clients do not address it: its events arrive on their socket.',
  },
  user: {
    title: "A user's own channel",
    description: 'All sockets of one user inside /chat, on every device. Clients do not address it: its events arrive on their socket.',
  },
} as const;
type Audience = keyof typeof AUDIENCES;

/** The contract's types as JSON Schema, under the names the document gives them. */
function contractSchemas(root: string): { definitions: Record<string, Schema>; client: Record<string, Schema>; server: Record<string, Schema> } {
  const generator = createGenerator({
    path: join(root, CONTRACT_FILE),
    tsconfig: join(root, 'tsconfig.json'),
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    extraTags: ['channel'],
    skipTypeCheck: true,
  });
  const definitions: Record<string, Schema> = {};
  for (const type of ['ClientEventMap', 'ServerEventMap', 'AckRefusal']) Object.assign(definitions, generator.createSchema(type).definitions);
  const properties = (name: string) => (definitions[name] as Schema).properties as Record<string, Schema>;
  const client = properties('ClientEventMap');
  const server = properties('ServerEventMap');
  delete definitions.ClientEventMap;
  delete definitions.ServerEventMap;
  return { definitions: renameRefs(definitions), client: renameRefs(client), server: renameRefs(server) };
}

function renameRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(renameRefs) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, key === '$ref' ? String(v).replace('#/definitions/', '#/components/schemas/') : renameRefs(v)]),
  ) as T;
}

/** A schema without what belongs to the operation (its description and audience). */
function payloadOf(schema: Schema): Schema {
  const { description: _description, channel: _channel, ...payload } = schema;
  return payload;
}

const camel = (event: string) => event.replace(/[:_-](\w)/g, (_, c: string) => c.toUpperCase());
const ref = (path: string) => ({ $ref: path });

function audiencesOf(event: string, schema: Schema): Audience[] {
  const names = String(schema.channel ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (!names.length || names.some((name) => !(name in AUDIENCES))) {
    throw new Error(`ServerEventMap['${event}'] needs a @channel tag naming ${Object.keys(AUDIENCES).join(', ')} (got "${schema.channel ?? ''}")`);
  }
  return names as Audience[];
}

/** The document as an object, in the order it is written. */
export function buildAsyncApi(root: string): Json {
  const { definitions, client, server } = contractSchemas(root);
  const serverEvents = [...new Set(SOCKET_EVENTS)];
  const untyped = serverEvents.filter((event) => !server[event]);
  const unmapped = Object.keys(server).filter((event) => !serverEvents.includes(event as never));
  if (untyped.length || unmapped.length) throw new Error(`The event map and ServerEventMap disagree: ${[...untyped, ...unmapped].join(', ')}`);

  const channels: Record<Audience, Json & { messages: Json }> = {
    socket: { address: '/chat', ...AUDIENCES.socket, messages: {} },
    room: { address: null, ...AUDIENCES.room, messages: {} },
    user: { address: null, ...AUDIENCES.user, messages: {} },
  };
  const operations: Json = {};
  const messages: Json = {};

  for (const [event, entry] of Object.entries(client)) {
    const id = camel(event);
    const { payload, ack } = entry.properties as Record<string, Schema>;
    messages[id] = { name: event, title: `${event} (client)`, payload };
    messages[`${id}Ack`] = { name: event, title: `${event} ack`, payload: ackEnvelope(ack) };
    channels.socket.messages[id] = ref(`#/components/messages/${id}`);
    channels.socket.messages[`${id}Ack`] = ref(`#/components/messages/${id}Ack`);
    operations[id] = {
      action: 'receive',
      channel: ref('#/channels/socket'),
      description: entry.description,
      messages: [ref(`#/channels/socket/messages/${id}`)],
      reply: { channel: ref('#/channels/socket'), messages: [ref(`#/channels/socket/messages/${id}Ack`)] },
    };
  }
  for (const event of serverEvents) {
    const audiences = audiencesOf(event, server[event]);
    const id = event in client ? `${camel(event)}Server` : camel(event);
    messages[id] = { name: event, title: `${event} (server)`, payload: payloadOf(server[event]) };
    for (const audience of audiences) channels[audience].messages[id] = ref(`#/components/messages/${id}`);
    const to = audiences.map((audience) => AUDIENCES[audience].title.toLowerCase()).join(', and ');
    operations[id] = {
      action: 'send',
      channel: ref(`#/channels/${audiences[0]}`),
      description: `${server[event].description ?? ''}\n\nTo: ${to}.`.trim(),
      messages: [ref(`#/channels/${audiences[0]}/messages/${id}`)],
    };
  }
  const header = parse(readFileSync(join(root, HEADER_FILE), 'utf8')) as Json;
  const schemas = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((name) => [name, definitions[name]]),
  );
  return { ...header, channels, operations, components: { schemas, messages } };
}

/** `{ok: true, data}` with the event's ack data, or the shared refusal (socket-events.ts's Ack<T>). */
function ackEnvelope(data: Schema): Schema {
  return {
    oneOf: [
      { type: 'object', properties: { ok: { type: 'boolean', const: true }, data }, required: ['ok', 'data'], additionalProperties: false },
      ref('#/components/schemas/AckRefusal'),
    ],
  };
}

/** The document as docs/asyncapi.yaml holds it. */
export function generateAsyncApi(root: string): string {
  const banner = `# Generated by \`npm run asyncapi:generate\` (scripts/asyncapi.ts) from ${CONTRACT_FILE}, the event map and ${HEADER_FILE}: edit those, not this file.\n`;
  const doc = new Document(buildAsyncApi(root), { aliasDuplicateObjects: false });
  // One line for a reference and for a list of names (required, enum, type): the file stays readable in review.
  visit(doc, {
    Map: (_, node) => {
      if (node.items.length === 1 && isScalar(node.items[0].key) && node.items[0].key.value === '$ref') node.flow = true;
    },
    Seq: (_, node) => {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return banner + doc.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: true });
}

if (process.argv[1]?.endsWith('asyncapi.ts')) {
  writeFileSync(join(process.cwd(), ASYNCAPI_FILE), generateAsyncApi(process.cwd()));
  console.log(`Wrote ${ASYNCAPI_FILE}.`);
}
