// The feedback store on disk: lowdb JSON files under the data folder, one per quarter
// (feedback/2026-Q4.json, unanswered/2026-Q4.json), indexed in memory by tracking code.
// Records hold names, phone numbers and addresses: this module logs nothing.
import { join, resolve } from 'node:path';
import {
  type FeedbackFilter,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackRepository,
  type FeedbackStatus,
  type NewFeedback,
  type RecordChange,
  type Resolution,
  type Satisfaction,
  type UnansweredQuestion,
} from '../../feedback/record.ts';
import { answered, withStatus } from '../../feedback/transitions.ts';
import { amended, rated } from '../../feedback/casework-changes.ts';
import { foldText } from '../../search/normalize.ts';
import { UnansweredLog } from './unanswered-log.ts';
import { deepFreeze } from '../deep-freeze.ts';
import { checked, newRecord, searchTextOf, storedFeedback, storedQuestion } from '../stored-records.ts';
import { DataFileCorruptError } from './json-document.ts';
import { QuarterFiles, type QuarterDocument } from './quarter-files.ts';
import { canonicalTrackingCode, newTrackingCode } from '../../feedback/tracking-code.ts';
import { quarterKey, timeBound } from '../../time/vietnam-calendar.ts';
import { citizenKey } from '../../address/address.ts';

export interface FeedbackRepositoryOptions {
  /** The clock, for tests. */
  now?: () => Date;
  /** Backups kept beside each data file (see JsonDocument). */
  keepBackups?: number;
}

// The quarter a record is filed under, and the order of lists, come from these dates.

interface Indexed {
  record: FeedbackRecord;
  doc: QuarterDocument<FeedbackRecord>;
  createdMs: number;
  /** The due day as a number (YYYYMMDD), Infinity without one: the deadline order. */
  dueKey?: number;
  /** The record's searchable text, folded; worked out at the first search. */
  searchText?: string;
}


/** Data folders with an open repository in this process: two writers on one file would lose each other's writes. */
const openDirs = new Set<string>();

export async function openFeedbackRepository(
  dataDir: string,
  options: FeedbackRepositoryOptions = {},
): Promise<LowdbFeedbackRepository> {
  const dir = resolve(dataDir);
  if (openDirs.has(dir)) throw new Error(`Kho phản ánh ở ${dir} đã được mở trong tiến trình này; đóng nó trước khi mở lại.`);
  openDirs.add(dir);
  try {
    const feedback = await QuarterFiles.open(join(dir, 'feedback'), storedFeedback, options.keepBackups);
    const unanswered = await QuarterFiles.open(join(dir, 'unanswered'), storedQuestion, options.keepBackups);
    return new LowdbFeedbackRepository(dir, feedback, unanswered, indexByCode(feedback), options.now ?? (() => new Date()));
  } catch (err) {
    openDirs.delete(dir);
    throw err;
  }
}

/**
 * Records handed out are the stored objects, frozen (see QuarterFiles). `get` and `list`
 * show only records already on disk.
 */
export class LowdbFeedbackRepository implements FeedbackRepository {
  /** Codes handed out to submissions still being written, so that no two get the same. */
  private readonly reserved = new Set<string>();
  /** Records by the draft they were filed from, and filings under way. */
  private readonly submissions = new Map<string, FeedbackRecord>();
  private readonly filing = new Map<string, Promise<FeedbackRecord>>();
  /** Creation times of each citizen's records, for the daily limit. */
  private readonly byCitizen = new Map<string, number[]>();
  private readonly running = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly feedback: QuarterFiles<FeedbackRecord>,
    private readonly questionFiles: QuarterFiles<UnansweredQuestion>,
    private readonly index: Map<string, Indexed>,
    private readonly now: () => Date,
  ) {
    for (const entry of index.values()) this.remember(entry);
    this.questions = new UnansweredLog(questionFiles);
  }

  private readonly questions: UnansweredLog;

  submit(feedback: NewFeedback): Promise<FeedbackRecord> {
    return this.whileOpen(async () => {
      const { submissionId } = feedback;
      if (submissionId !== undefined) {
        const filed = this.submissions.get(submissionId);
        if (filed) return filed;
        // Confirmed twice at once: the second waits for the first and gets its record.
        const filing = this.filing.get(submissionId);
        if (filing) return filing;
      }
      const work = this.file(feedback);
      if (submissionId !== undefined) {
        this.filing.set(submissionId, work);
        void work.finally(() => this.filing.delete(submissionId)).catch(() => undefined);
      }
      return work;
    });
  }

  private async file(feedback: NewFeedback): Promise<FeedbackRecord> {
    {
      const created = this.now();
      const createdAt = created.toISOString();
      const code = newTrackingCode((c) => this.index.has(c) || this.reserved.has(c));
      const record = newRecord(feedback, code, createdAt);
      this.reserved.add(code);
      try {
        const doc = await this.feedback.forQuarter(quarterKey(created));
        await doc.update(
          (data) => void data.records.push(record),
          (data) => void data.records.splice(data.records.lastIndexOf(record), 1),
        );
        this.remember({ record, doc, createdMs: created.getTime() });
        return record;
      } finally {
        this.reserved.delete(code);
      }
    }
  }

  async countFrom(citizen: Pick<FeedbackRecord['from'], 'channel' | 'userId'>, since: Date): Promise<number> {
    const times = this.byCitizen.get(citizenKey(citizen)) ?? [];
    return times.filter((t) => t >= since.getTime()).length;
  }

  private remember(entry: Indexed): void {
    this.index.set(canonicalTrackingCode(entry.record.code), entry);
    if (entry.record.submissionId) this.submissions.set(entry.record.submissionId, entry.record);
    const key = citizenKey(entry.record.from);
    const times = this.byCitizen.get(key);
    if (times) times.push(entry.createdMs);
    else this.byCitizen.set(key, [entry.createdMs]);
  }

  async get(code: string): Promise<FeedbackRecord | undefined> {
    return this.index.get(canonicalTrackingCode(code))?.record;
  }

  async list(filter: FeedbackFilter = {}): Promise<FeedbackRecord[]> {
    return this.matching(filter).map((entry) => entry.record);
  }

  async page(filter: FeedbackFilter, offset: number, limit: number): Promise<FeedbackPage> {
    const found = this.matching(filter);
    return { records: found.slice(offset, offset + limit).map((entry) => entry.record), total: found.length };
  }

  /** Newest first. */
  private matching(filter: FeedbackFilter): Indexed[] {
    const from = filter.from === undefined ? -Infinity : timeBound(filter.from, 'from');
    const to = filter.to === undefined ? Infinity : timeBound(filter.to, 'to');
    const words = filter.text ? foldText(filter.text).split(' ').filter(Boolean) : [];
    const found: Indexed[] = [];
    for (const entry of this.index.values()) {
      if (entry.createdMs < from || entry.createdMs > to) continue;
      const r = entry.record;
      if (filter.status !== undefined && r.status !== filter.status) continue;
      if (filter.category !== undefined && r.category !== filter.category) continue;
      if (filter.channel !== undefined && r.from.channel !== filter.channel) continue;
      if (filter.unit !== undefined && r.unit !== filter.unit) continue;
      if (filter.assignee !== undefined && r.assignee !== filter.assignee) continue;
      if (filter.open && r.status !== 'moi' && r.status !== 'dang-xu-ly') continue;
      if (filter.dueOn !== undefined && r.due !== filter.dueOn) continue;
      if (words.length) {
        entry.searchText ??= searchTextOf(r);
        if (!words.every((w) => entry.searchText!.includes(w))) continue;
      }
      found.push(entry);
    }
    // Reversed first so that, the sort being stable, records of the same instant come last-filed first.
    found.reverse();
    if (filter.sort !== 'deadline') return found.sort((a, b) => b.createdMs - a.createdMs);
    for (const entry of found) entry.dueKey ??= entry.record.due ? Number(entry.record.due.replaceAll('-', '')) : Infinity;
    return found.sort((a, b) => a.dueKey! - b.dueKey! || b.createdMs - a.createdMs);
  }

  answer(code: string, text: string, by: string): Promise<FeedbackRecord> {
    if (!text.trim()) return Promise.reject(new Error('Câu trả lời không được để trống.'));
    return this.change(code, (current) => answered(current, text, by, this.now().toISOString()));
  }

  setStatus(code: string, status: FeedbackStatus, by: string, note?: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => withStatus(current, status, by, this.now().toISOString(), note));
  }

  amend(code: string, change: RecordChange, by: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => amended(current, change, by, this.now().toISOString()));
  }

  rate(code: string, rating: Satisfaction['rating'], comment?: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => rated(current, rating, this.now().toISOString(), comment));
  }

  logUnanswered(question: UnansweredQuestion): Promise<void> {
    return this.whileOpen(async () => this.questions.log(checked(storedQuestion, 'Câu hỏi chưa trả lời', question)));
  }

  async unanswered(filter: Pick<FeedbackFilter, 'from' | 'to' | 'unit'> & { open?: boolean } = {}): Promise<UnansweredQuestion[]> {
    return this.questions.list(filter);
  }

  resolveUnanswered(ids: readonly string[], resolution: Resolution, scope: { unit?: string } = {}): Promise<number> {
    return this.whileOpen(() => this.questions.resolve(ids, resolution, scope.unit));
  }

  restore(records: readonly FeedbackRecord[], questions: readonly UnansweredQuestion[]): Promise<{ feedback: number; unanswered: number }> {
    return this.whileOpen(async () => {
      // One write per quarter file, however many records it gets.
      const byQuarter = new Map<string, FeedbackRecord[]>();
      for (const r of records) {
        const record = checked(storedFeedback, 'Phản ánh', r);
        if (this.index.has(canonicalTrackingCode(record.code)) || byQuarter.get(quarterKey(new Date(record.createdAt)))?.some((x) => x.code === record.code)) continue;
        const key = quarterKey(new Date(record.createdAt));
        byQuarter.set(key, [...(byQuarter.get(key) ?? []), record]);
      }
      for (const [key, fresh] of byQuarter) {
        const doc = await this.feedback.forQuarter(key);
        await doc.update((data) => void data.records.push(...fresh));
        for (const record of fresh) this.remember({ record, doc, createdMs: Date.parse(record.createdAt) });
      }
      const unanswered = await this.questions.restore(questions.map((q) => checked(storedQuestion, 'Câu hỏi chưa trả lời', q)));
      return { feedback: [...byQuarter.values()].reduce((n, list) => n + list.length, 0), unanswered };
    });
  }

  /** Waits for the writes under way, takes the files' last backups, then lets the data folder be opened again in this process. */
  close(): Promise<void> {
    this.closing ??= Promise.allSettled([...this.running])
      .then(async () => void (await Promise.all([this.feedback.close(), this.questionFiles.close()])))
      .finally(() => void openDirs.delete(this.dir));
    return this.closing;
  }

  /** Runs a write unless the repository is closing, and keeps track of it for close(). */
  private whileOpen<R>(work: () => Promise<R>): Promise<R> {
    if (this.closing) return Promise.reject(new Error('Kho phản ánh đã đóng.'));
    const running = work();
    this.running.add(running);
    void running.finally(() => this.running.delete(running)).catch(() => undefined);
    return running;
  }

  /** Replaces a record with `next(current)`, worked out in the file's queue so that concurrent changes see each other. */
  private change(code: string, next: (current: FeedbackRecord) => FeedbackRecord): Promise<FeedbackRecord> {
    return this.whileOpen(async () => {
      const entry = this.index.get(canonicalTrackingCode(code));
      if (!entry) throw new Error(`Không có phản ánh nào mang mã ${code}.`);
      let slot = -1;
      let previous: FeedbackRecord | undefined;
      const updated = await entry.doc.update(
        (data) => {
          slot = data.records.findIndex((r) => r.code === entry.record.code);
          previous = data.records[slot]!;
          const replacement = deepFreeze(next(previous));
          data.records[slot] = replacement;
          return replacement;
        },
        (data) => void (data.records[slot] = previous!),
      );
      this.index.set(canonicalTrackingCode(code), { record: updated, doc: entry.doc, createdMs: entry.createdMs });
      return updated;
    });
  }
}

function indexByCode(feedback: QuarterFiles<FeedbackRecord>): Map<string, Indexed> {
  const index = new Map<string, Indexed>();
  for (const doc of feedback.documents()) {
    for (const record of doc.data.records) {
      const code = canonicalTrackingCode(record.code);
      const twin = index.get(code);
      if (twin) throw new DataFileCorruptError(doc.path, `mã ${record.code} trùng với một phản ánh trong ${twin.doc.path}`);
      index.set(code, { record, doc, createdMs: Date.parse(record.createdAt) });
    }
  }
  return index;
}


