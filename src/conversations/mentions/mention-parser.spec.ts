import { MAX_MENTIONS, mentionedNames } from './mention-parser';

describe(mentionedNames.name, () => {
  it('finds distinct lower-cased names in order', () => {
    expect(mentionedNames('@Bob hi @alice and @bob again')).toEqual(['bob', 'alice']);
  });

  it('ignores e-mail addresses and trailing punctuation', () => {
    expect(mentionedNames('mail bob@example.com, ping @carol. (@dave) @here!')).toEqual(['carol', 'dave', 'here']);
  });

  it('answers nothing without an @ and caps the list', () => {
    expect(mentionedNames('plain text')).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => `@u${i}`).join(' ');
    expect(mentionedNames(many)).toHaveLength(MAX_MENTIONS);
  });
});
