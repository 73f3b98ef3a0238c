import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its plugin is the module itself under Node's ESM loader, `.default` under ts-jest's.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is JSON read freely
type Json = Record<string, any>;

/**
 * The AsyncAPI document as a test oracle, as OpenApiContract is for REST: every
 * server event a socket hears is validated against its message's payload schema,
 * every ack against its operation's reply (an undocumented event or field, a
 * missing field or a wrong type throws), and what was checked is recorded so a
 * spec can demand that every event was seen. A client payload the server
 * accepted is checked too: a documented schema stricter than the server is drift.
 */
export class AsyncApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  private readonly events = new Map<string, ValidateFunction>();
  private readonly acks = new Map<string, ValidateFunction>();
  private readonly payloads = new Map<string, ValidateFunction>();
  /** Server events and acks (`ack:<event>`) checked so far. */
  readonly seen = new Set<string>();

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addVocabulary(['components']);
    this.ajv.addSchema({ $id: 'asyncapi', components: { schemas: document.components.schemas } } as AnySchema);
    for (const operation of Object.values<Json>(document.operations)) {
      const message = this.message(operation.messages[0]);
      if (operation.action === 'send') this.events.set(message.name, this.compile(message.payload));
      else {
        this.payloads.set(message.name, this.compile(message.payload));
        this.acks.set(message.name, this.compile(this.message(operation.reply.messages[0]).payload));
      }
    }
  }

  /** Throws unless `payload` is what the document says server event `event` carries. */
  checkEvent(event: string, payload: unknown): void {
    this.check(this.events.get(event), `server event ${event}`, payload);
    this.seen.add(event);
  }

  /** Throws unless `ack` is what the document says client event `event` is acknowledged with. */
  checkAck(event: string, ack: unknown): void {
    this.check(this.acks.get(event), `the ack of ${event}`, ack);
    this.seen.add(`ack:${event}`);
  }

  /** Throws unless the document allows `payload` for client event `event` (for one the server accepted: a schema stricter than the server is drift too). */
  checkPayload(event: string, payload: unknown): void {
    this.check(this.payloads.get(event), `client event ${event}`, payload);
    this.seen.add(`payload:${event}`);
  }

  private check(validate: ValidateFunction | undefined, what: string, value: unknown): void {
    if (!validate) throw new Error(`${what} is not in the AsyncAPI document`);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ');
      throw new Error(`${what} does not match its documented schema: ${errors}\n${JSON.stringify(value).slice(0, 1000)}`);
    }
  }

  /** A channel's message reference (`#/channels/<c>/messages/<m>`) to the component message it names. */
  private message(reference: { $ref: string }): Json {
    const [, , channel, , key] = reference.$ref.split('/');
    const target = this.document.channels[channel].messages[key].$ref as string;
    return this.document.components.messages[target.split('/').pop()!];
  }

  private compile(schema: Json): ValidateFunction {
    const absolute = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"asyncapi#/components/')) as AnySchema;
    return this.ajv.compile(absolute);
  }
}
