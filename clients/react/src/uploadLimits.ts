import { type components, type ParleyClient, unwrap } from '@parley/client';
import { useEffect, useState } from 'react';
import { DEFAULT_MAX_BYTES, formatBytes, MAX_FILES } from './files';

export type UploadLimits = components['schemas']['UploadLimitsResponse'];

/** Parley's defaults, said until the server's own limits (`GET /uploads/limits`) have arrived. */
const DEFAULTS: UploadLimits = {
  max_bytes: DEFAULT_MAX_BYTES,
  max_files_per_message: MAX_FILES,
  allowed_types: ['image/*', 'application/pdf', 'text/plain', 'application/zip', 'audio/*', 'video/*'],
  rate_limit: 30,
  rate_window_seconds: 60,
};

/** Read once per client (signed-in session); a failed read is tried again next time. */
const cache = new WeakMap<ParleyClient, Promise<UploadLimits>>();

export function uploadLimits(client: ParleyClient): Promise<UploadLimits> {
  let limits = cache.get(client);
  if (!limits) {
    limits = unwrap<UploadLimits>(client.rest.GET('/api/v1/uploads/limits'));
    limits.catch(() => cache.delete(client));
    cache.set(client, limits);
  }
  return limits;
}

/** The server's upload limits: its defaults at first, then what it says (GET /uploads/limits). */
export function useUploadLimits(client: ParleyClient): UploadLimits & { known: boolean } {
  const [limits, setLimits] = useState<UploadLimits | null>(null);
  useEffect(() => {
    let live = true;
    uploadLimits(client).then(
      (l) => live && setLimits(l),
      () => undefined, // keep saying the defaults; the server still refuses what it must
    );
    return () => {
      live = false;
    };
  }, [client]);
  return { ...(limits ?? DEFAULTS), known: limits !== null };
}

const FAMILIES: [RegExp, string][] = [
  [/^image\//, 'images'],
  [/^application\/pdf$/, 'PDF'],
  [/officedocument|^application\/x-cfb$|^application\/msword$/, 'Office'],
  [/opendocument/, 'OpenDocument'],
  [/^text\/|rtf$/, 'text'],
  [/zip$/, 'zip'],
  [/^audio\//, 'audio'],
  [/^video\//, 'video'],
];

/** The accepted types in a few words ("images, PDF, text, audio and video"); a type no family names is listed as it is. */
export function describeTypes(types: string[]): string {
  const words: string[] = [];
  for (const type of types) {
    const word = FAMILIES.find(([pattern]) => pattern.test(type))?.[1] ?? type;
    if (!words.includes(word)) words.push(word);
  }
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? 'no files');
}

/** What the attachment picker says about the limits. */
export function limitsText(limits: UploadLimits): string {
  return `Up to ${limits.max_files_per_message} files a message, ${formatBytes(limits.max_bytes)} each: ${describeTypes(limits.allowed_types)}.`;
}
