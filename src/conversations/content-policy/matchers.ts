import { RE2JS } from 're2js';
import * as linkify from 'linkifyjs';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { entryWords, words, type Word } from './normalise';

/** A range [start, end) of the original text that a rule matched. */
export type Span = [number, number];
/** Finds a rule's matches in a message's text. */
export type Matcher = (text: string) => Span[];

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
  return (text) => {
    const found = words(text);
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

/** A regular expression with RE2's linear-time semantics, on the text as written (case-insensitive). */
export function patternMatcher(pattern: string): Matcher {
  const compiled = compilePattern(pattern);
  return (text) => {
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
  return (text) => {
    if (!text.includes('.')) return [];
    const spans: Span[] = [];
    for (const link of linkify.find(text, 'url')) {
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

/** Personal data: e-mail addresses (linkifyjs), phone numbers (libphonenumber-js), card numbers passing the Luhn check. */
export function piiMatcher(detectors: readonly PiiDetector[], region: string | null): Matcher {
  const wanted = new Set(detectors);
  return (text) => {
    const spans: Span[] = [];
    if (wanted.has('email') && text.includes('@')) {
      for (const email of linkify.find(text, 'email')) spans.push([email.start, email.end]);
    }
    if (wanted.has('card')) {
      for (const match of text.matchAll(CARD_CANDIDATE)) {
        if (luhnValid(match[0].replace(/[ -]/g, ''))) spans.push([match.index, match.index + match[0].length]);
      }
    }
    if (wanted.has('phone') && /\d{3}/.test(text.replace(/[\s().-]/g, ''))) {
      const found = findPhoneNumbersInText(text, region ? { defaultCountry: region as CountryCode } : undefined);
      for (const phone of found) spans.push([phone.startsAt, phone.endsAt]);
    }
    return spans;
  };
}
