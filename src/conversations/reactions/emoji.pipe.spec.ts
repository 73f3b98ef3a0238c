import { FieldValidationError } from '../../core/errors/domain-error';
import { EmojiPipe, isEmoji } from './emoji.pipe';

describe(isEmoji.name, () => {
  it.each(['👍', '❤️', '👍🏽', '👨‍👩‍👧', '🇫🇷', ':tada:', ':+1:', ':party_parrot:'])('accepts %s', (value) => {
    expect(isEmoji(value)).toBe(true);
  });

  it.each(['', 'a', '👍👍', ':Tada:', '::', ':a b:', `:${'a'.repeat(49)}:`, '👍\u0000', 42, null])('refuses %p', (value) => {
    expect(isEmoji(value)).toBe(false);
  });
});

describe(EmojiPipe.name, () => {
  it('answers a field error naming emoji', () => {
    expect(() => new EmojiPipe().transform('nope')).toThrow(FieldValidationError);
    expect(new EmojiPipe().transform(':ok:')).toBe(':ok:');
  });
});
