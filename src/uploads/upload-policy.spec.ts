import { isAllowedType, looksLikeText, sanitizeFileName } from './upload-policy';

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

  describe(isAllowedType.name, () => {
    it('matches exact types and type/* wildcards only', () => {
      const allowed = ['image/png', 'audio/*'];
      expect(isAllowedType('image/png', allowed)).toBe(true);
      expect(isAllowedType('audio/mpeg', allowed)).toBe(true);
      expect(isAllowedType('image/jpeg', allowed)).toBe(false);
      expect(isAllowedType('application/x-msdownload', allowed)).toBe(false);
    });
  });

  describe(looksLikeText.name, () => {
    it('accepts UTF-8 (even cut mid-character) and refuses NUL bytes or invalid sequences', () => {
      expect(looksLikeText(Buffer.from('plain text, ünïcödé'))).toBe(true);
      expect(looksLikeText(Buffer.from('é').subarray(0, 1))).toBe(true);
      expect(looksLikeText(Buffer.from([0x61, 0x00, 0x62]))).toBe(false);
      expect(looksLikeText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(false);
    });
  });
});
