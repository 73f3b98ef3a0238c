import * as matchers from './matchers';
import { luhnValid, Matcher, Scan } from './matchers';

/** A matcher on a fresh scan of the text. */
const on = (matcher: Matcher) => (text: string) => matcher(new Scan(text));
const wordListMatcher = (...args: Parameters<typeof matchers.wordListMatcher>) => on(matchers.wordListMatcher(...args));
const patternMatcher = (...args: Parameters<typeof matchers.patternMatcher>) => on(matchers.patternMatcher(...args));
const linkMatcher = (...args: Parameters<typeof matchers.linkMatcher>) => on(matchers.linkMatcher(...args));
const piiMatcher = (...args: Parameters<typeof matchers.piiMatcher>) => on(matchers.piiMatcher(...args));
import { words } from './normalise';
import { mask, RuleSet } from './rule-set';
import type { ContentRule } from './store/entities/content-rule.entity';

const rule = (id: string, action: ContentRule['action'], kind: ContentRule['kind'], config: ContentRule['config']) =>
  ({ id, action, kind, config }) as ContentRule;

describe('content rules', () => {
  describe('word lists after normalisation', () => {
    const badword = wordListMatcher(['badword', 'two words']);
    const caught = (text: string) => badword(text).length > 0;

    it.each([
      ['plain', 'this is a badword here'],
      ['upper case', 'BADWORD!'],
      ['mixed case and punctuation around it', '(BaDwOrD).'],
      ['a zero-width space inside', 'bad\u200bword'],
      ['a zero-width joiner and a soft hyphen', 'bad\u200dwo\u00adrd'],
      ['a word joiner and a byte-order mark', 'b\u2060adword\ufeff'],
      ['Cyrillic confusables (а, о)', 'b\u0430dw\u043erd'],
      ['Greek omicron', 'badw\u03bfrd'],
      ['fullwidth letters (NFKC)', '\uff42\uff41\uff44\uff57\uff4f\uff52\uff44'],
      ['mathematical bold letters (NFKC)', '\u{1d41b}\u{1d41a}\u{1d41d}word'],
      ['accents', 'bádwörd'],
      ['combining marks', 'ba\u0301dword'],
      ['spaced-out letters', 'b a d w o r d'],
      ['dotted letters', 'b.a.d.w.o.r.d'],
      ['dashes and underscores between letters', 'b-a-d_w-o-r-d'],
      ['the digit zero for o', 'badw0rd'],
      ['a phrase across spacing and case', 'TWO   Words'],
    ])('catches %s', (_name, text) => {
      expect(caught(text)).toBe(true);
    });

    it.each([
      ['another word containing it', 'badwords are not whole-word matches'],
      ['a word it contains', 'bad word'],
      ['an unrelated text', 'a perfectly fine message'],
      ['letters spread over lines', 'b\na\nd\nw\no\nr\nd'],
    ])('leaves %s', (_name, text) => {
      expect(caught(text)).toBe(false);
    });

    it('answers the original range of a match, so masking keeps the rest', () => {
      const text = 'so b a\u200b d w o r d!';
      expect(mask(text, badword(text))).toBe('so * ** * * * * *!');
    });

    it('joins only single letters', () => {
      expect(words('I go a b a d guy').map((w) => w.text)).toEqual(['i', 'go', 'abad', 'guy']);
    });
  });

  describe('regular expressions (RE2)', () => {
    it('matches case-insensitively', () => {
      expect(patternMatcher('sec+ret')('a SECCRET plan')).toEqual([[2, 9]]);
    });

    it('runs a pattern that backtracks catastrophically elsewhere in linear time', () => {
      const evil = patternMatcher('(a+)+$');
      expect(evil(`${'a'.repeat(5000)}!`)).toEqual([]);
    });

    it('refuses backreferences and lookaround', () => {
      expect(() => patternMatcher('(a)\\1')).toThrow();
      expect(() => patternMatcher('a(?=b)')).toThrow();
    });
  });

  describe('link domains', () => {
    it('denies a domain and its subdomains, not lookalike names', () => {
      const deny = linkMatcher('deny', ['evil.com']);
      expect(deny('see https://evil.com/x')).toHaveLength(1);
      expect(deny('see www.sub.EVIL.com')).toHaveLength(1);
      expect(deny('see https://notevil.com')).toHaveLength(0);
      expect(deny('see https://evil.com.example.org')).toHaveLength(0);
    });

    it('with an allow list, matches every link elsewhere', () => {
      const allow = linkMatcher('allow', ['school.edu']);
      expect(allow('https://school.edu/a and docs.school.edu')).toHaveLength(0);
      expect(allow('https://school.edu and http://other.org')).toHaveLength(1);
    });
  });

  describe('personal data', () => {
    it('finds e-mail addresses', () => {
      expect(piiMatcher(['email'], null)('write to jane.doe@example.com today')).toEqual([[9, 29]]);
    });

    it('finds card numbers that pass the Luhn check, spaced or not', () => {
      const cards = piiMatcher(['card'], null);
      expect(cards('card 4111 1111 1111 1111 ok')).toHaveLength(1);
      expect(cards('card 4111-1111-1111-1111')).toHaveLength(1);
      expect(cards('order 4111111111111112')).toHaveLength(0);
      expect(luhnValid('79927398713')).toBe(true);
    });

    it('finds international phone numbers, and national ones for a region', () => {
      expect(piiMatcher(['phone'], null)('call +44 20 7946 0958 now')).toHaveLength(1);
      expect(piiMatcher(['phone'], null)('call (201) 555-0123 now')).toHaveLength(0);
      expect(piiMatcher(['phone'], 'US')('call (201) 555-0123 now')).toHaveLength(1);
    });
  });

  describe(RuleSet.name, () => {
    const set = new RuleSet([
      rule('flag-1', 'flag', 'words', { words: ['meh'] }),
      rule('mask-1', 'mask', 'pii', { detectors: ['email'] }),
      rule('block-1', 'block', 'words', { words: ['forbidden'] }),
    ]);

    it('blocks with the first blocking rule', () => {
      expect(set.evaluate('so f o r b i d d e n')).toEqual({ blockedBy: 'block-1' });
    });

    it('masks and flags otherwise', () => {
      expect(set.evaluate('meh, mail a@b.io')).toEqual({ blockedBy: null, content: 'meh, mail ******', flaggedBy: ['flag-1'], heldBy: [] });
    });

    it('finds the one pattern that matches among several (behind their shared alternation)', () => {
      const patterns = new RuleSet([
        rule('re-1', 'flag', 'regex', { pattern: 'alpha\\d+' }),
        rule('re-2', 'mask', 'regex', { pattern: 'beta-[a-z]+' }),
        rule('re-3', 'block', 'regex', { pattern: 'gamma$' }),
      ]);
      expect(patterns.evaluate('see beta-x and ALPHA7')).toEqual({
        blockedBy: null,
        content: 'see ****** and ALPHA7',
        flaggedBy: ['re-1'],
        heldBy: [],
      });
      expect(patterns.evaluate('then gamma')).toEqual({ blockedBy: 're-3' });
      expect(patterns.evaluate('nothing here')).toEqual({ blockedBy: null, content: 'nothing here', flaggedBy: [], heldBy: [] });
    });

    it('lets a clean message through untouched', () => {
      expect(set.evaluate('hello')).toEqual({ blockedBy: null, content: 'hello', flaggedBy: [], heldBy: [] });
    });

    it('holds with every matching hold rule, after masking and beside flags', () => {
      const holding = new RuleSet([
        rule('hold-1', 'hold', 'words', { words: ['review'] }),
        rule('mask-1', 'mask', 'pii', { detectors: ['email'] }),
        rule('flag-1', 'flag', 'words', { words: ['review'] }),
      ]);
      expect(holding.evaluate('please review a@b.io')).toEqual({
        blockedBy: null,
        content: 'please review ******',
        flaggedBy: ['flag-1'],
        heldBy: ['hold-1'],
      });
      expect(holding.evaluate('nothing to see')).toEqual({ blockedBy: null, content: 'nothing to see', flaggedBy: [], heldBy: [] });
    });
  });
});
