import { parseTextQuery, tsquerySql } from './text-search';

describe(parseTextQuery.name, () => {
  it('takes the last bare word as a prefix', () => {
    expect(parseTextQuery('red appl')).toEqual({ words: 'red', prefix: 'appl' });
    expect(parseTextQuery('appl')).toEqual({ words: '', prefix: 'appl' });
  });

  it('leaves phrases, exclusions and "or" whole', () => {
    expect(parseTextQuery('"red apple"')).toEqual({ words: '"red apple"', prefix: '' });
    expect(parseTextQuery('apple -pie')).toEqual({ words: 'apple -pie', prefix: '' });
    expect(parseTextQuery('apple or')).toEqual({ words: 'apple or', prefix: '' });
    expect(parseTextQuery('"unclosed phrase')).toEqual({ words: '"unclosed phrase', prefix: '' });
  });

  it('keeps only letters and digits in the prefix and drops NUL characters', () => {
    expect(parseTextQuery("it's o'cl\0ock")).toEqual({ words: "it's", prefix: 'oclock' });
    expect(parseTextQuery('hello !!!')).toEqual({ words: 'hello !!!', prefix: '' });
  });
});

describe(tsquerySql.name, () => {
  it('ANDs the websearch part and the prefix, numbering parameters from `first`', () => {
    expect(tsquerySql('english', { words: 'red', prefix: 'appl' }, 3)).toEqual({
      sql: `(websearch_to_tsquery('english', $3) && to_tsquery('english', $4))`,
      params: ['red', 'appl:*'],
    });
    expect(tsquerySql('simple', { words: '', prefix: '' }, 1)).toEqual({ sql: `''::tsquery`, params: [] });
  });
});
