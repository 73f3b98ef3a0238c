import { DomainError, FieldValidationError } from '../errors/domain-error';
import { jsonTextTooDeep, MAX_JSON_DEPTH } from './json-depth';
import { assertStorableInput, unstorableTextProblem } from './storable-input';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });
const thrown = (run: () => void): unknown => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
};

describe(jsonTextTooDeep.name, () => {
  const text = (s: string) => Buffer.from(s);

  it('counts brackets outside strings only', () => {
    expect(jsonTextTooDeep(text('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonTextTooDeep(text('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonTextTooDeep(text(JSON.stringify({ a: '[[[[{{{{'.repeat(100), b: '\\"[[[' })))).toBe(false);
    expect(jsonTextTooDeep(text(`{"a":"\\\\"${',"b":[[[['.repeat(10)}`))).toBe(true);
  });

  it('scans 1,300 nested arrays without recursion', () => {
    expect(jsonTextTooDeep(text('['.repeat(1300) + ']'.repeat(1300)))).toBe(true);
  });
});

describe(assertStorableInput.name, () => {
  it('accepts ordinary input, emoji included', () => {
    expect(() => assertStorableInput({ content: 'héllo 😀', meta: { list: [1, 'two', null] } })).not.toThrow();
    expect(() => assertStorableInput(nested(MAX_JSON_DEPTH - 1))).not.toThrow();
  });

  it('names the field that holds a NUL, through objects and arrays', () => {
    const error = thrown(() => assertStorableInput({ content: 'ok', meta: { tags: ['x', 'a\u0000'] } }));
    expect(error).toBeInstanceOf(FieldValidationError);
    expect((error as FieldValidationError).fields).toEqual({ 'meta.tags.1': ['Null characters are not allowed.'] });
  });

  it('refuses lone surrogates and bad keys; a bare string is named by the given field', () => {
    expect((thrown(() => assertStorableInput({ q: '\udc00x' })) as FieldValidationError).fields).toEqual({
      q: ['Surrogate characters are not allowed: U+DC00.'],
    });
    expect((thrown(() => assertStorableInput({ meta: { ['k\u0000']: 1 } })) as FieldValidationError).fields).toEqual({
      meta: ['Keys: Null characters are not allowed.'],
    });
    expect((thrown(() => assertStorableInput('x\u0000', 'id')) as FieldValidationError).fields).toEqual({ id: ['Null characters are not allowed.'] });
  });

  it('refuses nesting beyond the bound with parse_error, even thousands deep', () => {
    for (const value of [nested(MAX_JSON_DEPTH + 1), nested(5000)]) {
      const error = thrown(() => assertStorableInput(value));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('parse_error');
    }
  });
});

describe(unstorableTextProblem.name, () => {
  it('lets paired surrogates through', () => {
    expect(unstorableTextProblem('😀\ud83d\ude00')).toBeNull();
    expect(unstorableTextProblem('\ud83d')).toBe('Surrogate characters are not allowed: U+D83D.');
  });
});
