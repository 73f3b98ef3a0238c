import type { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** How a download is to be presented: the type served and inline or as an attachment. */
export interface Presentation {
  contentType: string;
  /** A full Content-Disposition value (see presentation.ts). */
  disposition: string;
}

/** Where a download is read from: a stream Parley serves itself, or a short-lived URL to redirect to. */
export type StoredFile = { kind: 'stream'; stream: Readable; size: number } | { kind: 'redirect'; url: string };

/**
 * Where uploaded bytes live. Local disk by default, S3-compatible storage in
 * production; chosen by configuration (storage.provider.ts).
 */
export interface FileStorage {
  /** Moves a finished temporary file into storage under `key` (the temporary file is gone afterwards). */
  putFile(key: string, tempPath: string, contentType: string): Promise<void>;
  putBuffer(key: string, body: Buffer, contentType: string): Promise<void>;
  /**
   * Reads `key`: the bytes from `range.start` to `range.end` (inclusive) when given. A redirect
   * leaves the range to the client, which sends it to the URL (S3 answers ranges itself).
   */
  open(key: string, presentation: Presentation, range?: { start: number; end: number }): Promise<StoredFile>;
  /** Deletes the keys; a key already gone is not an error. */
  delete(keys: string[]): Promise<void>;
}
