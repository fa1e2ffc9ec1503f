// The questions the bot could not answer, in one lowdb file per quarter
// (unanswered/2026-Q4.json): logged as they come, read by the report and by staff, who
// add them to the knowledge or dismiss them. They hold no personal data (see privacy/).
import { createHash, randomUUID } from 'node:crypto';
import type { Resolution, UnansweredQuestion } from '../../feedback/record.ts';
import { quarterKey, timeBound } from '../../time/vietnam-calendar.ts';
import { deepFreeze } from '../deep-freeze.ts';
import type { QuarterFiles } from './quarter-files.ts';

/** A question logged before questions had ids gets a stable one from what it is. */
export const idOfQuestion = (q: UnansweredQuestion) => q.id ?? `q-${createHash('sha1').update(`${q.at}\n${q.query}`).digest('hex').slice(0, 16)}`;

export class UnansweredLog {
  constructor(private readonly files: QuarterFiles<UnansweredQuestion>) {}

  /** `question` has been checked against the schema; it is given an id if it has none. */
  async log(question: UnansweredQuestion): Promise<void> {
    const stored = deepFreeze({ ...question, id: question.id ?? randomUUID() });
    const doc = await this.files.forQuarter(quarterKey(new Date(stored.at)));
    await doc.update(
      (data) => void data.records.push(stored),
      (data) => void data.records.splice(data.records.lastIndexOf(stored), 1),
    );
  }

  list(filter: { from?: string; to?: string; open?: boolean; unit?: string } = {}): UnansweredQuestion[] {
    const from = filter.from === undefined ? -Infinity : timeBound(filter.from, 'from');
    const to = filter.to === undefined ? Infinity : timeBound(filter.to, 'to');
    const found: { question: UnansweredQuestion; at: number }[] = [];
    for (const doc of this.files.documents()) {
      for (const question of doc.data.records) {
        if (filter.open && question.resolved) continue;
        if (filter.unit !== undefined && question.unit !== filter.unit) continue;
        const at = Date.parse(question.at);
        if (at >= from && at <= to) found.push({ question: question.id ? question : { ...question, id: idOfQuestion(question) }, at });
      }
    }
    return found
      .reverse()
      .sort((a, b) => b.at - a.at)
      .map((f) => f.question);
  }

  /** Adds questions kept elsewhere, with their ids, in their quarters' files; an id already here is skipped. */
  async restore(questions: readonly UnansweredQuestion[]): Promise<number> {
    const known = new Set([...this.files.documents()].flatMap((doc) => doc.data.records.map(idOfQuestion)));
    const byQuarter = new Map<string, UnansweredQuestion[]>();
    for (const q of questions) {
      const id = idOfQuestion(q);
      if (known.has(id)) continue;
      known.add(id);
      const key = quarterKey(new Date(q.at));
      byQuarter.set(key, [...(byQuarter.get(key) ?? []), deepFreeze({ ...q, id })]);
    }
    for (const [key, fresh] of byQuarter) await (await this.files.forQuarter(key)).update((data) => void data.records.push(...fresh));
    return [...byQuarter.values()].reduce((n, list) => n + list.length, 0);
  }

  /** Marks the questions with these ids (of `unit`, when given) as dealt with; returns how many were. */
  async resolve(ids: readonly string[], resolution: Resolution, unit?: string): Promise<number> {
    const ids_ = new Set(ids);
    const wanted = { has: (id: string, q?: UnansweredQuestion) => ids_.has(id) && (unit === undefined || q?.unit === unit) };
    let count = 0;
    for (const doc of [...this.files.documents()]) {
      if (!doc.data.records.some((q) => wanted.has(idOfQuestion(q), q))) continue;
      const before = doc.data.records;
      count += await doc.update(
        (data) => {
          let n = 0;
          data.records = data.records.map((q) => {
            if (!wanted.has(idOfQuestion(q), q) || q.resolved) return q;
            n++;
            return deepFreeze({ ...q, id: idOfQuestion(q), resolved: resolution });
          });
          return n;
        },
        (data) => void (data.records = before),
      );
    }
    return count;
  }
}
