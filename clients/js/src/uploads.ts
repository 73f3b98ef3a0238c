import { ParleyError } from './errors.js';
import type { TokenManager } from './tokens.js';
import type { Upload } from './types.js';

export interface UploadOptions {
  /** The name Parley stores (default: the File's own name). */
  name?: string;
  /** Bytes sent so far, of `total` (browsers only: XMLHttpRequest reports upload progress, fetch does not). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

type Answer = { status: number; body: unknown; retryAfter?: string | null };

/** The part of XMLHttpRequest used here (the SDK also builds without the DOM's types, for Node). */
interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  responseType: string;
  readonly status: number;
  readonly response: unknown;
  getResponseHeader(name: string): string | null;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  abort(): void;
  send(body: FormData): void;
}
const XhrClass = (globalThis as unknown as { XMLHttpRequest?: new () => Xhr }).XMLHttpRequest;

/**
 * Files: `POST /uploads` (multipart field `file`) with upload progress where the
 * platform has XMLHttpRequest, and downloads of Parley's own file routes with the
 * access token (they are not public URLs: docs/attachments.md). A 401 is renewed and tried once more.
 */
export class Files {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenManager,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async upload(file: Blob, options: UploadOptions = {}): Promise<Upload> {
    const form = () => {
      const data = new FormData();
      data.append('file', file, options.name ?? (file as Blob & { name?: string }).name ?? 'file');
      return data;
    };
    const send = (token: string) => (XhrClass ? this.xhr(XhrClass, token, form(), options) : this.post(token, form(), options));
    let answer = await send(await this.tokens.accessToken());
    if (answer.status === 401 && this.tokens.current) answer = await send((await this.tokens.refresh()).access_token);
    if (answer.status < 300) return answer.body as Upload;
    const error = ParleyError.fromBody(answer.status, answer.body);
    const seconds = Number(answer.retryAfter); // 429: UPLOAD_RATE_LIMIT per UPLOAD_RATE_WINDOW
    throw seconds > 0 ? new ParleyError(error.status, error.code, error.message, error.fields, seconds * 1000) : error;
  }

  /** The bytes of a file route (`upload.url` or `upload.thumbnail_url`); with S3 storage Parley redirects to a presigned URL. */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const get = async (token: string) => this.fetchImpl(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal });
    let response = await get(await this.tokens.accessToken());
    if (response.status === 401 && this.tokens.current) response = await get((await this.tokens.refresh()).access_token);
    if (!response.ok) throw ParleyError.fromBody(response.status, await response.json().catch(() => null));
    return response.blob();
  }

  private async post(token: string, body: FormData, { signal }: UploadOptions): Promise<Answer> {
    const response = await this.fetchImpl(`${this.baseUrl}/api/v1/uploads`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body,
      signal,
    });
    return { status: response.status, body: await response.json().catch(() => null), retryAfter: response.headers.get('Retry-After') };
  }

  private xhr(Request: new () => Xhr, token: string, body: FormData, { onProgress, signal }: UploadOptions): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = new Request();
      request.open('POST', `${this.baseUrl}/api/v1/uploads`);
      request.setRequestHeader('Authorization', `Bearer ${token}`);
      request.responseType = 'json';
      if (onProgress) request.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
      request.onload = () => resolve({ status: request.status, body: request.response, retryAfter: request.getResponseHeader('Retry-After') });
      request.onerror = () => reject(new ParleyError(0, 'network_error', 'The upload did not reach Parley.'));
      request.onabort = () => reject(new ParleyError(0, 'aborted', 'Upload cancelled.'));
      signal?.addEventListener('abort', () => request.abort(), { once: true });
      request.send(body);
    });
  }
}
