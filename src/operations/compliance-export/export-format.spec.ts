import { formatHeader, formatRow } from './export-format';

describe(formatRow.name, () => {
  const columns = ['id', 'content', 'meta', 'created_at', 'deleted_at'];
  const row = {
    id: 'a',
    content: 'he said, "hi"\r\nthen left',
    meta: { k: 'v' },
    created_at: new Date('2026-01-02T03:04:05.000Z'),
    deleted_at: null,
  };

  it('writes CSV by RFC 4180: quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(formatHeader('csv', columns)).toBe('id,content,meta,created_at,deleted_at\r\n');
    expect(formatRow('csv', columns, row)).toBe('a,"he said, ""hi""\r\nthen left","{""k"":""v""}",2026-01-02T03:04:05.000Z,\r\n');
  });

  it('keeps leading spaces and formula-like text as they are, quoted only when spaces would be lost', () => {
    expect(formatRow('csv', ['a', 'b'], { a: ' padded', b: '=1+1' })).toBe('" padded",=1+1\r\n');
  });

  it('writes JSON Lines as one object per line with ISO times', () => {
    expect(formatHeader('jsonl', columns)).toBe('');
    expect(formatRow('jsonl', columns, row)).toBe(
      '{"id":"a","content":"he said, \\"hi\\"\\r\\nthen left","meta":{"k":"v"},"created_at":"2026-01-02T03:04:05.000Z","deleted_at":null}\n',
    );
  });
});
