import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: string;
  text: string;
  json: unknown;
  /** The server closed the connection. */
  closed: boolean;
}

/**
 * Writes `request` as-is on a new TCP connection and reads one response: for requests
 * no HTTP client would send (oversized headers, conflicting framing, a body never sent).
 * Resolves when the server closes, or `waitMs` after the first bytes arrive.
 */
export function rawHttp(baseUrl: string, request: string, waitMs = 1000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const text = rest.join('\r\n\r\n');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), headers: head, text, json, closed });
    };
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      timer ??= setTimeout(finish, waitMs);
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', (error) => (data ? finish() : reject(error)));
    socket.write(request);
  });
}
