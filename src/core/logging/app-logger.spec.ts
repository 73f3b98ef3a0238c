import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { AppLogger } from './app-logger';

describe(AppLogger.name, () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = new AppLogger({ logger: pino({ level: 'info' }, sink), genReqId: () => 'req-42' });
  beforeEach(() => lines.splice(0));

  it("puts Nest's context beside the message", () => {
    logger.log('Listening', 'Parley');
    logger.debug('hidden below info', 'Parley');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'Listening', context: 'Parley' })]);
  });

  it("keeps Nest's start-up narration (modules, routes, socket events) at debug, below INFO", () => {
    logger.log('Mapped {/api/v1/rooms, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('ChatGateway subscribed to the "message:send" message', 'WebSocketsController');
    logger.log('Migrations: none pending', 'Database');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'Migrations: none pending', context: 'Database' })]);
  });

  it("keeps the stack of Nest's exception handlers (message, stack, context) and of Error objects", () => {
    logger.error('boom', 'Error: boom\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');
    logger.warn(new Error('careful'), 'Redis');
    expect(lines[0]).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      err: { message: 'boom', stack: expect.stringContaining('at somewhere') },
    });
    expect(lines[1]).toMatchObject({ level: 40, context: 'Redis', msg: 'careful', err: { message: 'careful' } });
  });

  it('tags lines written while serving a request with its id, and logs the request when it ends', async () => {
    const server = createServer((req, res) => {
      logger.middleware(req as never, res as never, () => {
        logger.log('inside the handler', 'Test');
        res.end('ok');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    } finally {
      await new Promise((done) => server.close(done));
    }
    expect(lines.find((l) => l.msg === 'inside the handler')).toMatchObject({ context: 'Test', req: expect.objectContaining({ id: 'req-42' }) });
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ req: expect.objectContaining({ id: 'req-42' }) });
  });
});
