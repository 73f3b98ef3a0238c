import { codePointLength } from '../../../core/validation/text-length';
import { BLANK_MESSAGE, MESSAGE_MAX_LENGTH, messageContentProblem } from './message-content';

describe(messageContentProblem.name, () => {
  it('refuses content with nothing visible', () => {
    for (const text of ['', ' ', '\u200b', '\u200c\u200d\u2060', '\ufeff', '\u3164', '\u180e', '\u00ad', '\ufe0f', '\u202e', '\u0007']) {
      expect(messageContentProblem(text)).toBe(BLANK_MESSAGE);
    }
    expect(messageContentProblem('\u200bhi')).toBeNull();
    expect(messageContentProblem('😀')).toBeNull();
  });

  it('counts every code point, selectors and combining marks included', () => {
    expect(messageContentProblem('😀'.repeat(MESSAGE_MAX_LENGTH))).toBeNull();
    expect(messageContentProblem('😀'.repeat(MESSAGE_MAX_LENGTH + 1))).toMatch(/4000 characters/);
    expect(messageContentProblem('a\ufe0f'.repeat(MESSAGE_MAX_LENGTH / 2 + 1))).toMatch(/4000 characters/);
    expect(messageContentProblem(`a${'\u0301'.repeat(MESSAGE_MAX_LENGTH)}`)).toMatch(/4000 characters/);
  });
});

describe(codePointLength.name, () => {
  it('counts a surrogate pair once and a lone surrogate once', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('\ud800x')).toBe(2);
    expect(codePointLength('n\ufe0f')).toBe(2);
  });
});
