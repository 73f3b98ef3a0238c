import busboy from 'busboy';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { newId } from '../../core/database/uuid';
import { payloadTooLarge } from '../../core/errors/errors';

/** Buffered per upload between socket, parser and disk: bounds memory while keeping fs writes few and large. */
const BUFFER_BYTES = 256 * 1024;
/** How long the rest of a refused body is read before the connection is cut. */
const DRAIN_MS = 5000;
/** Room for the multipart framing around the one file (boundaries, part headers). */
const MULTIPART_OVERHEAD = 16 * 1024;

export interface ReceivedFile {
  tempPath: string;
  fileName: string | undefined;
  size: number;
}

/**
 * Streams the multipart field `file` into a temporary file, never holding it in
 * memory. Past `maxBytes` it stops reading, deletes the partial file and fails
 * with 413 while the body is still arriving (at once when Content-Length already
 * says so), and reads no more of it than `refuse` allows.
 */
export async function receiveFile(req: Request, maxBytes: number, tempDir: string): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) {
    throw new DomainError('unsupported_media_type', `Unsupported media type "${req.get('content-type') ?? ''}" in request.`);
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + MULTIPART_OVERHEAD) throw refuse(req, payloadTooLarge(maxBytes));
  await mkdir(tempDir, { recursive: true });
  const tempPath = join(tempDir, newId());
  try {
    const received = await parse(req, maxBytes, tempPath);
    if (!received) throw FieldValidationError.of('file', 'No file was submitted.');
    if (received.size === 0) throw FieldValidationError.of('file', 'The submitted file is empty.');
    return received;
  } catch (error) {
    await rm(tempPath, { force: true });
    if (error instanceof DomainError && error.code === 'payload_too_large') throw refuse(req, error);
    throw error;
  }
}

function parse(req: Request, maxBytes: number, tempPath: string): Promise<ReceivedFile | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send file names as raw UTF-8, not latin1 (busboy's default).
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        fileHwm: BUFFER_BYTES,
        // busboy stops at `fileSize` bytes itself ('limit' on reaching it): one more, so a file of exactly maxBytes is taken.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch (error) {
      reject(new DomainError('parse_error', `Multipart form parse error - ${(error as Error).message}`));
      return;
    }
    let writing: Promise<ReceivedFile> | null = null;
    const fail = (error: unknown) => {
      req.unpipe(parser);
      reject(error);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || writing) {
        stream.resume();
        fail(FieldValidationError.of('file', 'Send exactly one file, in the field "file".'));
        return;
      }
      let size = 0;
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.on('limit', () => fail(payloadTooLarge(maxBytes)));
      writing = pipeline(stream, createWriteStream(tempPath, { highWaterMark: BUFFER_BYTES })).then(() => ({
        tempPath,
        fileName: info.filename,
        size,
      }));
      writing.catch(fail);
    });
    parser.on('filesLimit', () => fail(FieldValidationError.of('file', 'Send exactly one file, in the field "file".')));
    parser.on('partsLimit', () => fail(FieldValidationError.of('non_field_errors', 'Too many parts in the form.')));
    parser.on('error', (error: Error) => fail(new DomainError('parse_error', `Multipart form parse error - ${error.message}`)));
    parser.on('close', () => (writing ? writing.then(resolve, reject) : resolve(null)));
    req.on('aborted', () => fail(new DomainError('parse_error', 'The upload was aborted.')));
    req.pipe(parser);
  });
}

/**
 * The answer goes out now, while the client may still be sending. The rest of the
 * body is read and thrown away for a short while, so the client gets to read the
 * answer (closing at once would reset the connection under it and lose the answer);
 * a client still sending after that has its connection cut.
 */
function refuse(req: Request, error: DomainError): DomainError {
  req.resume();
  const cutOff = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  cutOff.unref();
  req.once('end', () => clearTimeout(cutOff));
  req.once('close', () => clearTimeout(cutOff));
  return error;
}
