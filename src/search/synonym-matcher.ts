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

  find(tokens: readonly string[]): ConceptMatch[] {
    const found: ConceptMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      const match = this.byFirst.get(tokens[i]!)?.find((p) => p.syllables.every((s, k) => tokens[i + k] === s));
      if (match) {
        found.push({ group: match.group, phrase: match.phrase, start: i, end: i + match.syllables.length });
        i += match.syllables.length;
      } else i++;
    }
    return found;
  }
}
