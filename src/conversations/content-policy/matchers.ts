import { RE2JS } from 're2js';
import * as linkify from 'linkifyjs';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { entryWords, words, type Word } from './normalise';

/** A range [start, end) of the original text that a rule matched. */
export type Span = [number, number];

/**
 * One message's text with what the matchers look for, each found at most once however
 * many rules ask (50 rules read one word list, one set of links, one set of e-mails).
 */
export class Scan {
  private cache = new Map<string, unknown>();

  constructor(readonly text: string) {}

  /** What `find` answers for this text, found once. */
  once<T>(key: string, find: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, find());
    return this.cache.get(key) as T;
  }

  get words(): Word[] {
    return this.once('words', () => words(this.text));
  }

  /** Links and e-mail addresses in one linkifyjs pass (both need a dot). */
  private get linkified(): { type: string; href: string; start: number; end: number }[] {
    return this.once('linkified', () => (this.text.includes('.') ? linkify.find(this.text) : []));
  }

  get links(): { href: string; start: number; end: number }[] {
    return this.once('links', () => this.linkified.filter((l) => l.type === 'url'));
  }

  get emails(): Span[] {
    return this.once('emails', () =>
      this.text.includes('@') ? this.linkified.filter((l) => l.type === 'email').map((e): Span => [e.start, e.end]) : [],
    );
  }

  get cards(): Span[] {
    return this.once('cards', () => findCards(this.text));
  }

  phones(region: string | null): Span[] {
    return this.once(`phones:${region ?? ''}`, () => findPhones(this.text, region));
  }
}

/** Finds a rule's matches in a message. */
export type Matcher = (scan: Scan) => Span[];

export type PiiDetector = 'email' | 'phone' | 'card';

/** Word lists: whole words and phrases of the folded text (normalise.ts). */
export function wordListMatcher(entries: readonly string[]): Matcher {
  const byFirst = new Map<string, string[][]>();
  for (const entry of entries) {
    const phrase = entryWords(entry);
    if (phrase.length === 0) continue;
    const list = byFirst.get(phrase[0]) ?? [];
    list.push(phrase);
    byFirst.set(phrase[0], list);
  }
  return (scan) => {
    const found = scan.words;
    const spans: Span[] = [];
    for (let i = 0; i < found.length; i += 1) {
      const phrases = byFirst.get(found[i].text);
      if (!phrases) continue;
      const longest = longestPhraseAt(found, i, phrases);
      if (longest > 0) spans.push([found[i].start, found[i + longest - 1].end]);
    }
    return spans;
  };
}

function longestPhraseAt(found: Word[], at: number, phrases: string[][]): number {
  let longest = 0;
  for (const phrase of phrases) {
    if (phrase.length <= longest || at + phrase.length > found.length) continue;
    if (phrase.every((word, k) => found[at + k].text === word)) longest = phrase.length;
  }
  return longest;
}

/** Throws RE2JS's syntax error for a pattern RE2 does not accept (backreferences, lookaround). */
export function compilePattern(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}

/**
 * Every pattern of a rule set in one RE2 alternation: one pass says whether any of them
 * can match, so a message that matches none (most) costs one scan, not one per rule.
 */
export function patternGate(patterns: readonly string[]): Matcher | null {
  if (patterns.length < 2) return null;
  const union = compilePattern(patterns.map((p) => `(?:${p})`).join('|'));
  return (scan) => (scan.once('pattern-gate', () => union.test(scan.text)) ? [[0, 0]] : []);
}

/** A regular expression with RE2's linear-time semantics, on the text as written (case-insensitive). */
export function patternMatcher(pattern: string): Matcher {
  const compiled = compilePattern(pattern);
  return ({ text }) => {
    // test() is about twice as fast as a matcher, and most messages match nothing.
    if (!compiled.test(text)) return [];
    const spans: Span[] = [];
    const matcher = compiled.matcher(text);
    while (matcher.find() && spans.length < 1000) {
      const [start, end] = [matcher.start(), matcher.end()];
      if (end > start) spans.push([start, end]);
    }
    return spans;
  };
}

/** A domain and its subdomains. */
const withinDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Links (found by linkifyjs) whose host is on a deny list, or off an allow list. */
export function linkMatcher(mode: 'allow' | 'deny', domains: readonly string[]): Matcher {
  const listed = domains.map((d) => d.toLowerCase().replace(/^\*?\./, ''));
  return (scan) => {
    const spans: Span[] = [];
    for (const link of scan.links) {
      const host = hostOf(link.href);
      if (host === null) continue;
      const onList = listed.some((domain) => withinDomain(host, domain));
      if (onList === (mode === 'deny')) spans.push([link.start, link.end]);
    }
    return spans;
  };
}

function hostOf(href: string): string | null {
  try {
    return new URL(href).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

const CARD_CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

/** The Luhn checksum of a card number's digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function findCards(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CARD_CANDIDATE)) {
    if (luhnValid(match[0].replace(/[ -]/g, ''))) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** A phone number has at least 7 digits in a row, allowing spaces, dots, dashes and brackets between them. */
const PHONE_LIKE = /\d(?:[\s().-]{0,3}\d){6}/;

function findPhones(text: string, region: string | null): Span[] {
  // Without a region only international numbers are found; the parser is the costly part, so it runs only on what could be one.
  if ((!region && !text.includes('+')) || !PHONE_LIKE.test(text)) return [];
  return findPhoneNumbersInText(text, region ? { defaultCountry: region as CountryCode } : undefined).map((p): Span => [p.startsAt, p.endsAt]);
}

/** Personal data: e-mail addresses (linkifyjs), phone numbers (libphonenumber-js), card numbers passing the Luhn check. */
export function piiMatcher(detectors: readonly PiiDetector[], region: string | null): Matcher {
  const wanted = new Set(detectors);
  return (scan) => [
    ...(wanted.has('email') ? scan.emails : []),
    ...(wanted.has('card') ? scan.cards : []),
    ...(wanted.has('phone') ? scan.phones(region) : []),
  ];
}
