/**
 * Extensions that name the same type as the one `file-type` (or the text rules)
 * give, kept when the uploader used them. Text keeps only extensions whose usual
 * handler shows it as data (a `.html`, `.svg`, `.js` or `.bat` would open as a
 * page or run as a program): everything else that is text downloads as `.txt`.
 * Legacy Office files are OLE compound files (`cfb`), as are MSI installers:
 * only the Office extensions are kept.
 */
const SAME_TYPE: Record<string, string[]> = {
  txt: ['text', 'md', 'markdown', 'csv', 'tsv', 'log', 'json', 'yaml', 'yml'],
  jpg: ['jpeg', 'jpe', 'jfif'],
  tif: ['tiff'],
  heic: ['heif'],
  cfb: ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pot', 'pps', 'msg'],
  mp4: ['m4a', 'm4v', 'm4b'],
  mov: ['qt'],
  mkv: ['mka'],
  oga: ['ogg', 'opus'],
  ogv: ['ogg'],
  opus: ['ogg'],
  mp3: ['mpga'],
};

/** An extension as the last dot-separated part of a name: letters and digits only, so "v2.final draft" has none. */
const EXTENSION = /\.([\p{L}\p{N}]{1,10})$/u;

/**
 * The name a file downloads under: the uploader's base name with the extension
 * of the type verified from its bytes, so `setup.exe` that is a PNG downloads as
 * `setup.png`, and `page.html` that is text as `page.txt`. An extension already
 * naming that type is kept as written.
 */
export function nameForType(name: string, extension: string): string {
  const current = EXTENSION.exec(name)?.[1];
  const lower = current?.toLowerCase();
  if (lower === extension || (lower && SAME_TYPE[extension]?.includes(lower))) return name;
  const base = current ? name.slice(0, -current.length - 1) : name;
  return `${base}.${extension}`;
}
