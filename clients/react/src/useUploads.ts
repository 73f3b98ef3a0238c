import type { ParleyClient, Upload } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tooLarge, uploadError } from './files';
import { limitsText, useUploadLimits } from './uploadLimits';

export interface PendingFile {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  upload?: Upload;
  error?: string;
  /** A `blob:` URL of a picked raster image, shown before it is uploaded (revoked when the file leaves). */
  preview?: string;
}

const PREVIEWABLE = /^image\/(jpeg|png|gif|webp|avif)$/;

export interface Uploads {
  files: PendingFile[];
  /** Why files were not taken (over the count). */
  notice: string | null;
  add(files: Iterable<File>): void;
  remove(key: string): void;
  /** After sending: forget the files (they belong to the message now). */
  clear(): void;
  /** No file is still uploading (refused ones are shown, and left out of the message). */
  ready: boolean;
  ids: string[];
  /** What the server accepts (GET /uploads/limits), in words. */
  limits: string;
}

/**
 * A composer's files: each uploads as soon as it is picked, dropped or pasted (the
 * message then only names the ids), with its progress, and its refusal in words.
 */
export function useUploads(client: ParleyClient): Uploads {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const aborts = useRef(new Map<string, AbortController>());
  const count = useRef(0);
  const limits = useUploadLimits(client);
  const { max_files_per_message: maxFiles, max_bytes: maxBytes } = limits;

  const previews = useRef(new Map<string, string>());
  useEffect(
    () => () => {
      aborts.current.forEach((a) => a.abort());
      previews.current.forEach((url) => URL.revokeObjectURL(url));
    },
    [],
  );
  /** Revokes one file's preview URL, or every one. */
  const forget = useCallback((key?: string) => {
    for (const [k, url] of previews.current) {
      if (key !== undefined && k !== key) continue;
      URL.revokeObjectURL(url);
      previews.current.delete(k);
    }
  }, []);

  const patch = useCallback(
    (key: string, change: Partial<PendingFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f))),
    [],
  );

  const add = useCallback(
    (picked: Iterable<File>) => {
      const list = [...picked];
      const room = maxFiles - count.current;
      setNotice(list.length > room ? `A message carries at most ${maxFiles} files: ${list.length - Math.max(room, 0)} not added.` : null);
      for (const file of list.slice(0, Math.max(room, 0))) {
        const key = crypto.randomUUID();
        const name = file.name || 'pasted file';
        // Over the server's size: refused here, in the server's words, without sending it.
        if (file.size > maxBytes) {
          count.current += 1;
          setFiles((prev) => [...prev, { key, name, size: file.size, progress: 0, error: tooLarge(file.name || 'The file', maxBytes) }]);
          continue;
        }
        const abort = new AbortController();
        aborts.current.set(key, abort);
        count.current += 1;
        const preview = PREVIEWABLE.test(file.type) ? URL.createObjectURL(file) : undefined;
        if (preview) previews.current.set(key, preview);
        setFiles((prev) => [...prev, { key, name, size: file.size, progress: 0, preview }]);
        client
          .upload(file, { onProgress: (loaded, total) => patch(key, { progress: total ? loaded / total : 0 }), signal: abort.signal })
          .then(
            (upload) => patch(key, { upload, progress: 1 }),
            (failure: unknown) => patch(key, { error: uploadError(failure, file.name || 'The file') }),
          )
          .finally(() => aborts.current.delete(key));
      }
    },
    [client, patch, maxFiles, maxBytes],
  );

  const remove = useCallback(
    (key: string) => {
      aborts.current.get(key)?.abort();
      forget(key);
      count.current -= 1;
      setFiles((list) => list.filter((f) => f.key !== key));
      setNotice(null);
    },
    [forget],
  );

  const clear = useCallback(() => {
    forget();
    count.current = 0;
    setFiles([]);
    setNotice(null);
  }, [forget]);

  const ready = files.every((f) => f.upload || f.error);
  return { files, notice, add, remove, clear, ready, ids: files.flatMap((f) => (f.upload ? [f.upload.id] : [])), limits: limitsText(limits) };
}
