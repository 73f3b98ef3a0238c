import { type ParleyClient, ParleyError, type Upload } from '@parley/client';
import { useEffect, useState } from 'react';

/** Parley's defaults (docs/attachments.md): 10 files a message, UPLOAD_MAX_BYTES 25 MB; the server's own are read from GET /uploads/limits (uploadLimits.ts). */
export const MAX_FILES = 10;
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
/** Raster images Parley serves inline and makes thumbnails of. */
const INLINE_IMAGE = /^image\/(jpeg|png|gif|webp|avif)$/;

export function isInlineImage(file: Upload): boolean {
  return file.thumbnail_url !== null && INLINE_IMAGE.test(file.content_type);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The refusal of a file over the limit: the words for the server's 413 and for the app's own check before uploading. */
export function tooLarge(name: string, maxBytes: number): string {
  return `${name} is too large: at most ${formatBytes(maxBytes)}.`;
}

/** An upload refusal in words: the server's limit for 413, its reason for 415, when to try again for 429. */
export function uploadError(failure: unknown, name: string): string {
  if (!(failure instanceof ParleyError)) return `${name} could not be uploaded. Check the connection and try again.`;
  const limit = /at most (\d+) bytes/.exec(failure.message);
  if (failure.code === 'payload_too_large') return tooLarge(name, limit ? Number(limit[1]) : DEFAULT_MAX_BYTES);
  if (failure.code === 'throttled' || failure.status === 429)
    return `Too many uploads: try ${name} again${failure.retryAfterMs ? ` in ${Math.ceil(failure.retryAfterMs / 1000)} s` : ' shortly'}.`;
  if (failure.code === 'aborted') return `${name}: upload cancelled.`;
  return `${name}: ${failure.message}`;
}

/**
 * Files are read with the access token and shown as data: URLs: `<img src>` cannot
 * send the token (the page's CSP allows blob: images too, for previews before upload).
 * Thumbnails (at most 320x320) are kept for the page's life, the most recent 150; full images are not.
 */
const thumbnails = new Map<string, Promise<string>>();
const CACHED = 150;

export function fileDataUrl(client: ParleyClient, path: string): Promise<string> {
  const cached = thumbnails.get(path);
  if (cached) return cached;
  const url = client.download(path).then(toDataUrl);
  if (!path.endsWith('/thumbnail')) return url;
  url.catch(() => thumbnails.delete(path));
  thumbnails.set(path, url);
  if (thumbnails.size > CACHED) thumbnails.delete(thumbnails.keys().next().value!);
  return url;
}

function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** A file route as an image source, loaded once per path; `failed` when Parley refused it. */
export function useFileUrl(client: ParleyClient, path: string | null): { src: string | null; failed: boolean } {
  const [state, setState] = useState<{ path: string | null; src: string | null; failed: boolean }>({ path: null, src: null, failed: false });
  useEffect(() => {
    if (!path) return;
    let live = true;
    fileDataUrl(client, path).then(
      (src) => live && setState({ path, src, failed: false }),
      () => live && setState({ path, src: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [client, path]);
  return state.path === path ? state : { src: null, failed: false };
}

/** Saves a file under its stored name (fetched with the token, then handed to the browser as a download). */
export async function saveFile(client: ParleyClient, file: Upload): Promise<void> {
  const blob = await client.download(file.url);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
