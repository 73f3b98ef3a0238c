import unhomoglyph from 'unhomoglyph';

/**
 * Text as word lists see it: words of letters and digits, folded so that the
 * usual evasions read as the plain word. Each code point is folded alone: NFKD
 * with the marks dropped (é -> e; fullwidth and mathematical letters -> plain),
 * lower case, then its confusable skeleton (Unicode's confusables data through
 * `unhomoglyph`: Cyrillic а and Greek ο read as Latin, the digit 0 as o, m as
 * rn, on the text and the word list alike); format characters (zero-width space and
 * joiners, soft hyphen, bidi marks) vanish without splitting a word. A run of
 * single letters with short separators ("b a d", "b.a.d", "b-a-d") reads as one
 * word. Each word keeps the range of the original text it came from, so a match
 * can be masked where it stands.
 */
export interface Word {
  text: string;
  /** The original text's UTF-16 range [start, end). */
  start: number;
  end: number;
}

/** Separators between spaced-out letters: at most this many characters, and no line break. */
const SPACED_GAP = 3;
const INVISIBLE = /^[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}]+$/u;
const MARKS = /\p{M}/gu;
/** A code point folded, and whether it is part of a word (else invisible when empty, or a separator). */
interface Folded {
  text: string;
  word: boolean;
}
// Memoised with its class: Unicode property tests cost about a microsecond a character, a Map lookup far less.
const folds = new Map<string, Folded>();

/** One code point folded (memoised: the alphabet a deployment sees is small). */
export function foldChar(char: string): string {
  return classify(char).text;
}

function classify(char: string): Folded {
  const known = folds.get(char);
  if (known) return known;
  let folded: string;
  if (INVISIBLE.test(char)) folded = '';
  else {
    // Marks go before the skeleton: confusables maps ö to Arabic ة, not to o.
    const bare = char.normalize('NFKD').replace(MARKS, '').toLowerCase();
    folded = unhomoglyph(bare).normalize('NFKD').replace(MARKS, '').toLowerCase();
  }
  const entry = { text: folded, word: folded !== '' && WORD_CHAR.test(folded) };
  if (folds.size < 100_000) folds.set(char, entry);
  return entry;
}

/** The 128 ASCII characters classified up front: most chat text never reaches the Map. */
const ASCII: Folded[] = Array.from({ length: 128 }, (_, code) => classify(String.fromCharCode(code)));

/** The text's words, folded, spaced-out letters joined. */
export function words(text: string): Word[] {
  const raw: (Word & { gap: string })[] = [];
  let current: (Word & { gap: string }) | null = null;
  let gap = '';
  for (let index = 0; index < text.length;) {
    const at = index;
    const code = text.charCodeAt(index);
    let entry: Folded;
    if (code < 128) {
      entry = ASCII[code];
      index += 1;
    } else {
      const point = text.codePointAt(index)!;
      const char = String.fromCodePoint(point);
      index += char.length;
      entry = classify(char);
    }
    const folded = entry.text;
    if (folded === '') continue;
    if (entry.word) {
      if (current) {
        current.text += folded;
        current.end = index;
      } else {
        current = { text: folded, start: at, end: index, gap };
        raw.push(current);
        gap = '';
      }
    } else {
      current = null;
      gap += text.slice(at, index);
    }
  }
  return joinSpacedLetters(raw);
}

function joinSpacedLetters(raw: (Word & { gap: string })[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < raw.length;) {
    let j = i;
    while (j + 1 < raw.length && isSingle(raw[j]) && isSingle(raw[j + 1]) && isShortGap(raw[j + 1].gap)) j += 1;
    if (j > i) {
      out.push({
        text: raw
          .slice(i, j + 1)
          .map((w) => w.text)
          .join(''),
        start: raw[i].start,
        end: raw[j].end,
      });
    } else out.push({ text: raw[i].text, start: raw[i].start, end: raw[i].end });
    i = j + 1;
  }
  return out;
}

const isSingle = (word: Word) => [...word.text].length === 1;
const isShortGap = (gap: string) => gap.length <= SPACED_GAP && !/[\r\n]/.test(gap);

/** A word-list entry as words (a phrase is several), folded the same way as the text. */
export function entryWords(entry: string): string[] {
  return words(entry).map((w) => w.text);
}
