// Questions the bot could not answer, grouped so that staff deal with a question once,
// however many citizens asked it and however they typed it: the same words with or
// without diacritics, in any order, with fillers ("ạ", "cho em hỏi") or without.
import { maskPersonalData } from '../privacy/personal-data.ts';
import { messageShape } from '../privacy/question-quality.ts';
import { expandedSyllables } from '../search/analyzer.ts';
import { STOPWORDS } from '../search/stopwords.ts';
import type { UnansweredQuestion } from './record.ts';

export interface QuestionGroup {
  /** The form asked most often, names, phones and e-mails masked (questions logged before they were masked may hold them). */
  text: string;
  count: number;
  lastAt: string;
  ids: string[];
  /** What the bot offered the last time it was asked. */
  candidates: UnansweredQuestion['candidates'];
}

/** Two groups whose content words overlap this much are one question. */
const SAME = 0.75;
/** Merging compares every pair: only this many groups, the most asked, are merged. */
const MERGE_LIMIT = 400;

const contentWords = (text: string) => [...new Set(expandedSyllables(text).filter((w) => !STOPWORDS.has(w)))].sort();

function jaccard(a: readonly string[], b: readonly string[]): number {
  const setB = new Set(b);
  const common = a.filter((w) => setB.has(w)).length;
  return common / (a.length + b.length - common || 1);
}

/** Most asked first. `ids` must be the questions' ids (see UnansweredLog). */
export function groupQuestions(questions: readonly (UnansweredQuestion & { id: string })[]): QuestionGroup[] {
  const byKey = new Map<string, { words: string[]; items: (UnansweredQuestion & { id: string })[] }>();
  // The same few hundred questions come back thousands of times: each text is analysed once.
  const wordsOf = new Map<string, string[] | null>();
  for (const q of questions) {
    let words = wordsOf.get(q.query);
    if (words === undefined) {
      words = messageShape(q.query) === 'question' ? contentWords(q.query) : null;
      wordsOf.set(q.query, words);
    }
    if (!words?.length) continue;
    const key = words.join(' ');
    const group = byKey.get(key) ?? { words, items: [] };
    group.items.push(q);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()].sort((a, b) => b.items.length - a.items.length);
  const merged: typeof groups = [];
  for (const [i, g] of groups.entries()) {
    const into = i < MERGE_LIMIT ? merged.find((m) => jaccard(m.words, g.words) >= SAME) : undefined;
    if (into) into.items.push(...g.items);
    else merged.push({ words: g.words, items: [...g.items] });
  }
  return merged
    .map(({ items }) => {
      const byTime = [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return { text: mostCommonText(items), count: items.length, lastAt: byTime[0]!.at, ids: items.map((q) => q.id), candidates: byTime[0]!.candidates };
    })
    .sort((a, b) => b.count - a.count || Date.parse(b.lastAt) - Date.parse(a.lastAt));
}

function mostCommonText(items: readonly UnansweredQuestion[]): string {
  const counts = new Map<string, number>();
  for (const q of items) {
    const text = maskPersonalData(q.query.normalize('NFC').replace(/\s+/g, ' ').trim());
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
