import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_FILE, buildAsyncApi, generateAsyncApi } from './asyncapi';
import { SOCKET_EVENTS } from '../src/core/events/event-map';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is JSON read freely
type Json = Record<string, any>;

describe('the AsyncAPI document (docs/asyncapi.yaml)', () => {
  const root = process.cwd();
  const doc = buildAsyncApi(root) as Json;

  it('is what the contract generates: run `npm run asyncapi:generate` and commit docs/asyncapi.yaml with the contract change', () => {
    const committed = readFileSync(join(root, ASYNCAPI_FILE), 'utf8');
    expect(committed).toEqual(generateAsyncApi(root));
  });

  it('has an operation for every server event of the event map, on the channel its @channel tag names', () => {
    const sent = Object.values<Json>(doc.operations).filter((op) => op.action === 'send');
    const names = sent.map((op) => doc.components.messages[op.messages[0].$ref.split('/').pop()].name);
    expect(names.sort()).toEqual([...new Set(SOCKET_EVENTS)].sort());
    expect(doc.operations.invitationCreated.channel).toEqual({ $ref: '#/channels/user' });
    expect(doc.operations.messageNew.channel).toEqual({ $ref: '#/channels/room' });
    expect(Object.keys(doc.channels.user.messages)).toEqual(expect.arrayContaining(['memberLeft', 'roomDeleted', 'mention']));
  });

  it('carries the types and their JSDoc: a client payload, an ack and a server payload', () => {
    const { schemas, messages } = doc.components;
    expect(schemas.SendPayload.properties.attachments).toMatchObject({
      maxItems: 10,
      uniqueItems: true,
      items: { $ref: '#/components/schemas/Uuid' },
    });
    expect(schemas.Uuid).toEqual({ type: 'string', format: 'uuid' });
    expect(messages.readAck.payload.oneOf).toEqual([
      expect.objectContaining({ properties: { ok: { type: 'boolean', const: true }, data: { $ref: '#/components/schemas/WireReadResult' } } }),
      { $ref: '#/components/schemas/AckRefusal' },
    ]);
    expect(messages.roomUpdated.payload).toEqual({ $ref: '#/components/schemas/WireRoom' });
    expect(doc.operations.roomUpdated.description).toMatch(/^Viewer-neutral Room/);
  });
});
