import { isAllowedType, sanitizeFileName } from './upload-policy';

describe('upload policy', () => {
  describe(sanitizeFileName.name, () => {
    it('keeps the last path segment and drops control, format and reserved characters', () => {
      expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
      expect(sanitizeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
      expect(sanitizeFileName('a\u0000b\u202Ec\u0007.txt')).toBe('abc.txt');
      expect(sanitizeFileName('what<is>this?.txt')).toBe('what_is_this_.txt');
      expect(sanitizeFileName('  spaced \t name  .txt ')).toBe('spaced name .txt');
    });

    it('answers "file" when nothing usable is left', () => {
      expect(sanitizeFileName(undefined)).toBe('file');
      expect(sanitizeFileName('')).toBe('file');
      expect(sanitizeFileName('...')).toBe('file');
      expect(sanitizeFileName('.hidden')).toBe('hidden');
    });

    it('truncates to 255 UTF-8 bytes without splitting a character, keeping the extension', () => {
      const name = sanitizeFileName(`${'日本'.repeat(100)}.pdf`);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name.endsWith('.pdf')).toBe(true);
      expect(name).not.toContain('\uFFFD');
    });
  });

  it('ends the name in the verified type’s extension, within 255 bytes', () => {
    expect(sanitizeFileName('../setup.exe', 'png')).toBe('setup.png');
    expect(sanitizeFileName('...', 'txt')).toBe('file.txt');
    const long = sanitizeFileName(`${'a'.repeat(300)}.exe`, 'png');
    expect(long).toMatch(/^a+\.png$/);
    expect(Buffer.byteLength(long)).toBe(255);
  });

  describe(isAllowedType.name, () => {
    it('matches exact types and type/* wildcards only', () => {
      const allowed = ['image/png', 'audio/*'];
      expect(isAllowedType('image/png', allowed)).toBe(true);
      expect(isAllowedType('audio/mpeg', allowed)).toBe(true);
      expect(isAllowedType('image/jpeg', allowed)).toBe(false);
      expect(isAllowedType('application/x-msdownload', allowed)).toBe(false);
      expect(isAllowedType('text/plain; charset=utf-16le', ['text/plain'])).toBe(true);
    });
  });
});
