import { linkMatcher, Matcher, patternGate, patternMatcher, piiMatcher, Scan, Span, wordListMatcher } from './matchers';
import type { ContentRule } from './store/entities/content-rule.entity';

/** What the rules made of a message: blocked by a rule, or its text (masked), the rules that flag it and those that hold it for review. */
export type Verdict = { blockedBy: string } | { blockedBy: null; content: string; flaggedBy: string[]; heldBy: string[] };

export const ALLOWED: Verdict = { blockedBy: null, content: '', flaggedBy: [], heldBy: [] };

interface Compiled {
  id: string;
  action: ContentRule['action'];
  match: Matcher;
}

export function compileRule(rule: Pick<ContentRule, 'kind' | 'config'>): Matcher {
  const config = rule.config;
  switch (rule.kind) {
    case 'words':
      return wordListMatcher(config.words ?? []);
    case 'regex':
      return patternMatcher(config.pattern ?? '');
    case 'links':
      return linkMatcher(config.link_mode ?? 'deny', config.domains ?? []);
    case 'pii':
      return piiMatcher(config.detectors ?? [], config.phone_region ?? null);
  }
}

/**
 * The enabled rules of the scopes that apply to a room (the deployment's, then the
 * room's), compiled once. Blocking rules run first and the first match decides;
 * then masks replace every matched character with `*`, then flags and holds look at
 * the text as sent.
 */
export class RuleSet {
  private readonly blocks: Compiled[];
  private readonly masks: Compiled[];
  private readonly flags: Compiled[];
  private readonly holds: Compiled[];

  constructor(rules: readonly ContentRule[]) {
    const gate = patternGate(rules.filter((r) => r.kind === 'regex').map((r) => r.config.pattern ?? ''));
    const compiled = rules.map((rule) => {
      const match = compileRule(rule);
      return { id: rule.id, action: rule.action, match: gate && rule.kind === 'regex' ? gated(gate, match) : match };
    });
    this.blocks = compiled.filter((r) => r.action === 'block');
    this.masks = compiled.filter((r) => r.action === 'mask');
    this.flags = compiled.filter((r) => r.action === 'flag');
    this.holds = compiled.filter((r) => r.action === 'hold');
  }

  get empty(): boolean {
    return this.blocks.length + this.masks.length + this.flags.length + this.holds.length === 0;
  }

  evaluate(content: string): Verdict {
    if (content === '') return { blockedBy: null, content, flaggedBy: [], heldBy: [] };
    const scan = new Scan(content);
    for (const rule of this.blocks) if (rule.match(scan).length > 0) return { blockedBy: rule.id };
    const matching = (rules: Compiled[]) => rules.filter((rule) => rule.match(scan).length > 0).map((rule) => rule.id);
    const flaggedBy = matching(this.flags);
    const heldBy = matching(this.holds);
    const spans = this.masks.flatMap((rule) => rule.match(scan));
    return { blockedBy: null, content: spans.length ? mask(content, spans) : content, flaggedBy, heldBy };
  }
}

const gated =
  (gate: Matcher, match: Matcher): Matcher =>
  (scan) =>
    gate(scan).length ? match(scan) : [];

/** Each code point inside a span becomes `*`; the rest stays. */
export function mask(content: string, spans: Span[]): string {
  const hidden = new Uint8Array(content.length);
  for (const [start, end] of spans) hidden.fill(1, start, end);
  let out = '';
  let index = 0;
  for (const char of content) {
    out += hidden[index] && !/\s/u.test(char) ? '*' : char;
    index += char.length;
  }
  return out;
}
