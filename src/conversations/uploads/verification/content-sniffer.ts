import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { encodingOfBom, isText } from './text-encoding';
import { executableNotAllowed } from '../../../core/errors/errors';

/** What a file's bytes say it is, and the extension its downloads get. */
export interface SniffedType {
  contentType: string;
  extension: string;
}

/**
 * Native programs and installable code, refused whatever the name or the
 * allowlist says (`file-type` names them by their first bytes: PE's `MZ`,
 * ELF's `\x7fELF`, the Mach-O magics, ...). Scripts starting with `#!` are
 * refused too (isExecutable).
 */
const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/wasm',
  'application/java-vm',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/x-xpinstall',
  'application/x-google-chrome-extension',
  'application/x-deb',
  'application/x-rpm',
  'application/x-apple-diskimage',
  'application/x-shockwave-flash',
]);

/** Markup `file-type` recognises by its text (`<?xml`): stored by the text rules like any other text, never as markup. */
const MARKUP_TYPES = new Set(['application/xml', 'image/svg+xml', 'text/html']);

/**
 * The type of a stored file from its bytes, never from the client. A byte-order
 * mark decides first (UTF-16 is text in that encoding; `ff fe` also starts an
 * MPEG frame header). Then `file-type`'s signatures; executables are refused
 * here. Anything else is `text/plain` (with the charset of its byte-order mark
 * when not UTF-8) when the whole file is text, else `application/octet-stream`.
 * The claim is checked further by the caller (media-container.ts, images).
 */
export async function sniffContentType(path: string): Promise<SniffedType> {
  const head = await readHead(path);
  const encoding = encodingOfBom(head);
  if (encoding === 'unsupported') return BINARY;
  if (encoding === 'utf-8') {
    const detected = await fileTypeFromFile(path);
    if (detected && EXECUTABLE_TYPES.has(detected.mime)) throw executableNotAllowed();
    if (detected && !MARKUP_TYPES.has(detected.mime)) return { contentType: detected.mime, extension: detected.ext };
    if (head.toString('latin1', 0, 2) === '#!') throw executableNotAllowed();
  }
  if (!(await isText(path, encoding))) return BINARY;
  return { contentType: encoding === 'utf-8' ? 'text/plain' : `text/plain; charset=${encoding}`, extension: 'txt' };
}

const BINARY: SniffedType = { contentType: 'application/octet-stream', extension: 'bin' };

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
