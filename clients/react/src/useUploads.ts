import type { ParleyClient, Upload } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_FILES, uploadError } from './files';

export interface PendingFile {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  upload?: Upload;
  error?: string;
}

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

  useEffect(() => () => aborts.current.forEach((a) => a.abort()), []);

  const patch = useCallback(
    (key: string, change: Partial<PendingFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f))),
    [],
  );

  const add = useCallback(
    (picked: Iterable<File>) => {
      const list = [...picked];
      const room = MAX_FILES - count.current;
      setNotice(list.length > room ? `A message carries at most ${MAX_FILES} files: ${list.length - Math.max(room, 0)} not added.` : null);
      for (const file of list.slice(0, Math.max(room, 0))) {
        const key = crypto.randomUUID();
        const abort = new AbortController();
        aborts.current.set(key, abort);
        count.current += 1;
        setFiles((prev) => [...prev, { key, name: file.name || 'pasted file', size: file.size, progress: 0 }]);
        client
          .upload(file, { onProgress: (loaded, total) => patch(key, { progress: total ? loaded / total : 0 }), signal: abort.signal })
          .then(
            (upload) => patch(key, { upload, progress: 1 }),
            (failure: unknown) => patch(key, { error: uploadError(failure, file.name || 'The file') }),
          )
          .finally(() => aborts.current.delete(key));
      }
    },
    [client, patch],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    count.current -= 1;
    setFiles((list) => list.filter((f) => f.key !== key));
    setNotice(null);
  }, []);

  const clear = useCallback(() => {
    count.current = 0;
    setFiles([]);
    setNotice(null);
  }, []);

  const ready = files.every((f) => f.upload || f.error);
  return { files, notice, add, remove, clear, ready, ids: files.flatMap((f) => (f.upload ? [f.upload.id] : [])) };
}
