import type { ParleyClient, Upload } from '@parley/client';
import { useEffect, useRef } from 'react';
import { formatBytes, saveFile, useFileUrl } from '../files';

/** An image at full size in a modal dialog (loaded on demand): Escape or Close closes it, focus goes back to its thumbnail. */
export default function ImageViewer({ client, file, onClose }: { client: ParleyClient; file: Upload; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { src, failed } = useFileUrl(client, file.url);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog viewer" aria-labelledby="viewer-title" onClose={onClose}>
      <header className="viewer__header">
        <h2 id="viewer-title">{file.name}</h2>
        <span className="hint">
          {file.width && file.height ? `${file.width}×${file.height}, ` : ''}
          {formatBytes(file.size)}
        </span>
      </header>
      <div className="viewer__image">
        {src ? <img src={src} alt={file.name} /> : <p role="status">{failed ? 'The image could not be loaded.' : 'Loading image…'}</p>}
      </div>
      <div className="dialog__buttons">
        <button type="button" className="secondary" onClick={() => void saveFile(client, file)}>
          Download
        </button>
        <button type="button" onClick={() => dialog.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
