// Recognises the phrases of knowledge/synonyms.json in a syllable sequence, so that
// "bìa đỏ", "sổ đỏ" and "giấy chứng nhận quyền sử dụng đất" meet on one concept.

/** A concept found in the text: which group, and which syllables it spans. */
export interface ConceptMatch {
  group: number;
  /** Which phrase of the group. */
  phrase: number;
  start: number;
  end: number;
}

export class SynonymMatcher {
  /** First syllable → phrases starting with it, longest first (greedy longest match wins). */
  private readonly byFirst = new Map<string, { syllables: string[]; group: number; phrase: number }[]>();

  constructor(groups: readonly (readonly string[][])[]) {
    groups.forEach((phrases, group) => {
      phrases.forEach((syllables, phrase) => {
        const first = syllables[0];
        if (!first) return;
        const list = this.byFirst.get(first) ?? [];
        list.push({ syllables, group, phrase });
        this.byFirst.set(first, list);
      });
    });
    for (const list of this.byFirst.values()) list.sort((a, b) => b.syllables.length - a.syllables.length);
  }

  /** Phrases in `tokens`, longest first; one filler inside a phrase is passed over ("quán cà phê nào ngon"). */
  find(tokens: readonly string[], fillers: ReadonlySet<string> = new Set()): ConceptMatch[] {
    const found: ConceptMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      let end = -1;
      const match = this.byFirst.get(tokens[i]!)?.find((p) => (end = matchEnd(tokens, i, p.syllables, fillers)) >= 0);
      if (match) {
        found.push({ group: match.group, phrase: match.phrase, start: i, end });
        i = end;
      } else i++;
    }
    return found;
  }
}

/** Where `syllables` matched from `start` ends, or -1; at most one filler may sit between two of them. */
function matchEnd(tokens: readonly string[], start: number, syllables: readonly string[], fillers: ReadonlySet<string>): number {
  let t = start;
  let skipped = false;
  for (const [k, s] of syllables.entries()) {
    if (tokens[t] !== s && k > 0 && !skipped && fillers.has(tokens[t]!) && tokens[t + 1] === s) {
      skipped = true;
      t++;
    }
    if (tokens[t] !== s) return -1;
    t++;
  }
  return t;
}
