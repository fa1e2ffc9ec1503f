// Records kept in one JSON file per quarter of their creation date. lowdb rewrites a whole
// file on every write, so this bounds the cost of a write by one quarter's records instead
// of everything ever received; past quarters are only read.
//
// Records are frozen once read: a change replaces a record rather than editing it, so a
// record handed to a caller is never changed underneath it, and a change that fails to
// reach the disk can be undone by putting the old record back.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { deepFreeze } from '../deep-freeze.ts';
import { JsonDocument } from './json-document.ts';

export interface RecordsFile<T> {
  records: T[];
}
export type QuarterDocument<T> = JsonDocument<RecordsFile<T>>;

const QUARTER_FILE = /^(\d{4}-Q[1-4])\.json$/;
/** Enough of a validation failure to find the record, without the values (they may be personal data). */
const ISSUES_SHOWN = 3;

export class QuarterFiles<T> {
  private readonly opening = new Map<string, Promise<QuarterDocument<T>>>();
  private readonly opened = new Map<string, QuarterDocument<T>>();

  private constructor(
    private readonly dir: string,
    private readonly validate: (data: unknown) => RecordsFile<T>,
    private readonly keepBackups: number | undefined,
  ) {}

  /** Opens every quarter file in `dir`, oldest first; throws DataFileCorruptError at the first damaged one. */
  static async open<T>(dir: string, record: z.ZodType<T>, keepBackups?: number): Promise<QuarterFiles<T>> {
    const files = new QuarterFiles<T>(dir, validator(record), keepBackups);
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    const quarters = names.flatMap((name) => QUARTER_FILE.exec(name)?.[1] ?? []).sort();
    for (const quarter of quarters) await files.forQuarter(quarter);
    return files;
  }

  /** The document of a quarter ("2026-Q4"), created on first use; one per file however many callers ask at once. */
  forQuarter(quarter: string): Promise<QuarterDocument<T>> {
    let doc = this.opening.get(quarter);
    if (!doc) {
      doc = JsonDocument.open<RecordsFile<T>>(
        join(this.dir, `${quarter}.json`),
        { records: [] },
        { validate: this.validate, keepBackups: this.keepBackups },
      ).then((opened) => {
        this.opened.set(quarter, opened);
        return opened;
      });
      // A failed opening (a full disk, say) is tried again by the next caller.
      doc.catch(() => this.opening.delete(quarter));
      this.opening.set(quarter, doc);
    }
    return doc;
  }

  /** The documents opened so far. */
  documents(): Iterable<QuarterDocument<T>> {
    return this.opened.values();
  }

  /** Waits for the writes under way and takes each file's last backup. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    await Promise.all([...this.opened.values()].map((doc) => doc.close()));
  }
}

function validator<T>(record: z.ZodType<T>): (data: unknown) => RecordsFile<T> {
  const file = z.object({ records: z.array(record) });
  return (data) => {
    const parsed = file.safeParse(data);
    if (parsed.success) return { records: (parsed.data.records as T[]).map(deepFreeze) };
    const { issues } = parsed.error;
    const shown = issues.slice(0, ISSUES_SHOWN).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    if (issues.length > ISSUES_SHOWN) shown.push(`và ${issues.length - ISSUES_SHOWN} lỗi khác`);
    throw new Error(shown.join('; '));
  };
}
