import { createServer, type Server, Socket as NetSocket, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of Parley: `cut(ms)` drops every connection
 * through it (data in flight is lost, as on a network failure) and refuses new
 * ones for `ms`, so the SDK's reconnect, sync and send retries run for real.
 */
export interface TcpProxy {
  url: string;
  cut(ms: number): Promise<void>;
  /** Connections dropped so far. */
  readonly dropped: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let refusing = false;
  let dropped = 0;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = new NetSocket();
    upstream.connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.pipe(upstream).pipe(client);
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    get dropped() {
      return dropped;
    },
    async cut(ms: number) {
      refusing = true;
      for (const socket of open) {
        socket.destroy();
        dropped += 1;
      }
      open.clear();
      await new Promise((resolve) => setTimeout(resolve, ms));
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        refusing = true;
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
