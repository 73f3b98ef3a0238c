import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';

/**
 * Spans through the OpenTelemetry API, which is a no-op until the SDK starts
 * (src/operations/tracing, only with OTEL_EXPORTER_OTLP_ENDPOINT set). The hot
 * paths ask `tracingOn()` first, so with tracing off they create nothing at all.
 */
let on = false;

export function markTracingOn(): void {
  on = true;
}

export const tracingOn = (): boolean => on;

const tracer = () => trace.getTracer('parley');

/** What a socket's handshake carried: a W3C `traceparent` (and `tracestate`) in `auth` or the upgrade request's headers. */
interface Handshaking {
  handshake: { headers: Record<string, string | string[] | undefined>; auth?: Record<string, unknown> };
}

const handshakeContexts = new WeakMap<object, Context>();

function handshakeContext(socket: Handshaking): Context {
  let found = handshakeContexts.get(socket);
  if (!found) {
    const { auth = {}, headers } = socket.handshake;
    const pick = (name: string) => (typeof auth[name] === 'string' ? (auth[name] as string) : headers[name]);
    found = propagation.extract(ROOT_CONTEXT, { traceparent: pick('traceparent'), tracestate: pick('tracestate') });
    handshakeContexts.set(socket, found);
  }
  return found;
}

export interface EventSpan {
  run<T>(work: () => T): T;
  end(outcome: string): void;
}

/**
 * A client socket event as a span (`socket message:send`), child of the trace
 * context the client gave at the handshake (else a trace of its own); its
 * PostgreSQL and Redis calls become its children. Null when tracing is off.
 */
export function socketEventSpan(event: string, socket: Handshaking): EventSpan | null {
  if (!on) return null;
  const parent = handshakeContext(socket);
  const span = tracer().startSpan(`socket ${event}`, { kind: SpanKind.SERVER, attributes: { 'parley.socket.event': event } }, parent);
  const active = trace.setSpan(parent, span);
  return {
    run: (work) => context.with(active, work),
    end: (outcome) => {
      span.setAttribute('parley.outcome', outcome);
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    },
  };
}

/** Runs `work` in a span of its own (a worker's batch); just runs it when tracing is off. */
export function inSpan<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!on) return work();
  return tracer().startActiveSpan(name, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as W3C headers (`traceparent`, `tracestate`) on an outgoing request. */
export function injectTraceContext(headers: Record<string, string>): void {
  if (on) propagation.inject(context.active(), headers);
}

/** Express middleware: the request id (the X-Request-ID the client got, set by the request logger) on the request's span. */
export function tagRequestId(req: { id?: unknown }, _res: unknown, next: () => void): void {
  trace.getActiveSpan()?.setAttribute('parley.request_id', String(req.id ?? ''));
  next();
}
