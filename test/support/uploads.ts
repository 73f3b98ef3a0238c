import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { TestUser } from './factories';
import { API, Http } from './test-app';

/** Uploads one file through the API; the response as supertest gives it. */
export function uploadFile(http: Http, user: TestUser, body: Buffer, fileName: string) {
  return http.post(`${API}/uploads`).set(user.auth).attach('file', body, fileName);
}

export async function uploadOk(http: Http, user: TestUser, body: Buffer, fileName: string): Promise<{ id: string; [key: string]: unknown }> {
  const res = await uploadFile(http, user, body, fileName);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366ff' } }).png().toBuffer();
}

/** Binary bodies as Buffers, whatever their type. */
export function binary(res: { on(event: string, cb: (chunk?: Buffer) => void): void }, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Streams a multipart upload of `total` bytes in 64 kB chunks, one after the
 * other, and stops writing as soon as the server answers. Resolves with the
 * status and how much of the body was sent by then.
 */
export function streamUpload(
  baseUrl: string,
  token: string,
  total: number,
  declaredLength?: number,
): Promise<{ status: number; body: string; sent: number }> {
  const boundary = 'parley-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const url = new URL(`${API}/uploads`, baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        ...(declaredLength ? { 'Content-Length': String(declaredLength) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy(); // the rest of the body is never sent
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const writeMore = () => {
      if (answered || req.destroyed) return;
      if (sent >= total) return void req.end(`\r\n--${boundary}--\r\n`);
      sent += chunk.length;
      req.write(chunk, () => setImmediate(writeMore));
    };
    req.write(head, () => (declaredLength ? undefined : writeMore()));
  });
}
