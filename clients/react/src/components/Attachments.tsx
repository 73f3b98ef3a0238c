import type { ParleyClient, Upload } from '@parley/client';
import { lazy, Suspense, useRef, useState } from 'react';
import { formatBytes, isInlineImage, saveFile, useFileUrl } from '../files';

const ImageViewer = lazy(() => import('./ImageViewer'));
const THUMB = 240;

/** A message's files: images as thumbnails that open a viewer, everything else as a card with a download. */
export function Attachments({ client, files }: { client: ParleyClient; files: Upload[] }) {
  const [viewing, setViewing] = useState<Upload | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  if (files.length === 0) return null;
  return (
    <>
      <ul className="attachments" aria-label="Attachments">
        {files.map((file) =>
          isInlineImage(file) ? (
            <li key={file.id}>
              <button
                type="button"
                className="thumb"
                aria-label={`View image ${file.name}`}
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setViewing(file);
                }}
              >
                <Thumbnail client={client} file={file} />
              </button>
            </li>
          ) : (
            <li key={file.id}>
              <FileCard client={client} file={file} />
            </li>
          ),
        )}
      </ul>
      {viewing && (
        <Suspense fallback={null}>
          <ImageViewer
            client={client}
            file={viewing}
            onClose={() => {
              setViewing(null);
              opener.current?.focus();
            }}
          />
        </Suspense>
      )}
    </>
  );
}

function Thumbnail({ client, file }: { client: ParleyClient; file: Upload }) {
  const { src, failed } = useFileUrl(client, file.thumbnail_url);
  const scale = Math.min(1, THUMB / Math.max(file.width ?? THUMB, file.height ?? THUMB));
  const size = { width: Math.round((file.width ?? THUMB) * scale), height: Math.round((file.height ?? THUMB) * scale) };
  if (src) return <img src={src} alt={file.name} {...size} />;
  return (
    <span className="thumb__placeholder" style={size}>
      {failed ? 'Image unavailable' : 'Loading image…'}
    </span>
  );
}

export function FileCard({ client, file }: { client: ParleyClient; file: Upload }) {
  const [state, setState] = useState<'idle' | 'saving' | 'failed'>('idle');
  const save = () => {
    setState('saving');
    saveFile(client, file).then(
      () => setState('idle'),
      () => setState('failed'),
    );
  };
  return (
    <div className="file-card">
      <span className="file-card__icon" aria-hidden="true">
        {file.content_type.startsWith('audio/') ? '🎵' : file.content_type.startsWith('video/') ? '🎬' : '📄'}
      </span>
      <span className="file-card__name">{file.name}</span>
      <span className="file-card__size">{formatBytes(file.size)}</span>
      <button type="button" className="secondary" onClick={save} disabled={state === 'saving'} aria-label={`Download ${file.name}`}>
        {state === 'saving' ? 'Downloading…' : 'Download'}
      </button>
      {state === 'failed' && (
        <span className="error" role="alert">
          The file could not be downloaded.
        </span>
      )}
    </div>
  );
}
