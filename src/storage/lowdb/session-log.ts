// Sessions in one append-only file of the data folder (sessions.jsonl), for one ward on one
// machine. Saving a session appends one line and fsyncs it, whatever else the file holds,
// so a save costs the same with 100,000 sessions as with 10; saves arriving together share
// one write (group commit). The sessions live in memory as their JSON text and are read
// back at start; when the file holds more than twice the lines it needs, it is rewritten
// (compacted) from memory, atomically, which spreads to well under one line per save.
// Expired sessions are never given back, and are dropped at a compaction and by an hourly sweep.
// A line torn by a crash (the last, half written, never acknowledged) is dropped; a broken
// line anywhere else is damage, and the bot does not start on it (as with every data file).
// A sessions.json written by an earlier version is read once and replaced.
import { readFile, rm, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isBlank, restoreSession, SESSION_FORGET_MS, storedSession, type Session, type SessionStore } from '../../conversation/session.ts';
import { ensurePrivateDir, openPrivate, writeFileAtomic } from '../../files/private-files.ts';
import { DataFileCorruptError } from './json-document.ts';

/** A line: the key and the session (`s`), or the key alone when the session is gone. */
const line = z.object({ k: z.string(), s: storedSession.optional() });
const legacyFile = z.object({ sessions: z.record(z.string(), storedSession) });

/** A stored session: its JSON without the time stamp (to tell a change), and when it changed. */
interface Stored {
  body: string;
  at: number;
}

/** Compact once the file holds this many more lines than sessions, and at least twice as many. */
const COMPACT_SLACK = 10_000;
const SWEEP_MS = 3600_000;

const bodyOf = (session: Session) => JSON.stringify({ ...session, updatedAt: undefined });
/** A body with its time stamp put back, as a stored session's JSON. */
const withTime = (body: string, at: number) => `${body.slice(0, -1)}${body.length > 2 ? ',' : ''}"updatedAt":"${new Date(at).toISOString()}"}`;

export class SessionLog implements SessionStore {
  private readonly live = new Map<string, Stored>();
  private file: FileHandle | undefined;
  /** Lines in the file, sessions and removals alike. */
  private lines = 0;
  private queue: { text: string; apply: () => void; done: (err?: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly path: string,
    private readonly now: () => Date,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Opens (or creates) the log; `legacyPath`: a sessions.json of an earlier version, moved into it. */
  static async open(path: string, options: { legacyPath?: string; now?: () => Date } = {}): Promise<SessionLog> {
    await ensurePrivateDir(dirname(path));
    const log = new SessionLog(path, options.now ?? (() => new Date()));
    const raw = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (raw !== undefined) await log.load(raw);
    else if (options.legacyPath) await log.migrate(options.legacyPath);
    if (log.lines > 2 * log.live.size + COMPACT_SLACK) await log.compact();
    log.file ??= await openPrivate(path, 'a');
    return log;
  }

  async get(key: string, now: Date): Promise<Session> {
    const stored = this.live.get(key);
    if (!stored || now.getTime() - stored.at >= SESSION_FORGET_MS) return restoreSession(undefined, now);
    return restoreSession(storedSession.parse({ ...JSON.parse(stored.body), updatedAt: new Date(stored.at).toISOString() }), now);
  }

  async save(key: string, value: Session, now: Date): Promise<void> {
    const stored = this.live.get(key);
    const blank = isBlank(value);
    // Through the schema, as get() gives sessions back: the same state always has the same text.
    const body = bodyOf(storedSession.parse(value));
    if (blank ? !stored : stored?.body === body) return;
    // The day's expiry runs from the last change.
    const text = blank ? JSON.stringify({ k: key }) : `{"k":${JSON.stringify(key)},"s":${withTime(body, now.getTime())}}`;
    await this.append(text, () => (blank ? this.live.delete(key) : this.live.set(key, { body, at: now.getTime() })));
  }

  /** Waits for the writes under way and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    while (this.writing) await this.writing;
    await this.file?.close();
    this.file = undefined;
  }

  /** How many sessions are kept (for tests and the bench). */
  get size(): number {
    return this.live.size;
  }

  private append(text: string, apply: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`Tệp dữ liệu ${this.path} đã đóng.`));
    return new Promise((resolve, reject) => {
      this.queue.push({ text: `${text}\n`, apply, done: (err) => (err ? reject(err) : resolve()) });
      this.writing ??= this.flush().finally(() => (this.writing = undefined));
    });
  }

  /** Writes what is queued, one batch at a time, each batch one write and one fsync. */
  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        this.file ??= await openPrivate(this.path, 'a');
        await this.file.write(batch.map((b) => b.text).join(''));
        await this.file!.datasync();
      } catch (err) {
        for (const b of batch) b.done(err);
        continue;
      }
      this.lines += batch.length;
      for (const b of batch) {
        b.apply();
        b.done();
      }
      if (this.lines > 2 * this.live.size + COMPACT_SLACK) {
        try {
          await this.compact();
        } catch {
          // The log is still whole, only longer: the next batch tries again.
        }
      }
    }
  }

  /** Rewrites the file from memory (live sessions only), atomically, and reopens it for appending. */
  private async compact(): Promise<void> {
    const cutoff = this.now().getTime() - SESSION_FORGET_MS;
    const parts: string[] = [];
    for (const [key, { body, at }] of this.live) {
      if (at <= cutoff) {
        this.live.delete(key);
        continue;
      }
      parts.push(`{"k":${JSON.stringify(key)},"s":${withTime(body, at)}}\n`);
    }
    // The new file in place first; then appends go to it (the old handle would write to the replaced file).
    await writeFileAtomic(this.path, parts.join(''));
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
    this.lines = parts.length;
    this.file = await openPrivate(this.path, 'a');
  }

  /** Reads the log as it is; sessions past their time are left to get() and the next compaction. */
  private async load(raw: string): Promise<void> {
    let end = raw.length;
    // A last line without its newline was being written when the process stopped: it was never acknowledged.
    if (raw.length && !raw.endsWith('\n')) {
      end = raw.lastIndexOf('\n') + 1;
      await truncate(this.path, Buffer.byteLength(raw.slice(0, end)));
    }
    const texts = raw.slice(0, end).split('\n');
    texts.pop();
    for (const [i, text] of texts.entries()) {
      let entry: z.infer<typeof line>;
      try {
        entry = line.parse(JSON.parse(text));
      } catch (err) {
        throw new DataFileCorruptError(this.path, `dòng ${i + 1} không đọc được (${err instanceof SyntaxError ? 'JSON không hợp lệ' : 'không đúng cấu trúc'})`);
      }
      this.lines++;
      const at = entry.s ? Date.parse(entry.s.updatedAt) : NaN;
      if (!entry.s) this.live.delete(entry.k);
      else this.live.set(entry.k, { body: bodyOf(entry.s), at });
    }
  }

  private async migrate(legacyPath: string): Promise<void> {
    const raw = await readFile(legacyPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (raw === undefined) return;
    let sessions: Record<string, Session>;
    try {
      sessions = legacyFile.parse(JSON.parse(raw)).sessions;
    } catch {
      throw new DataFileCorruptError(legacyPath, 'không đọc được các phiên trò chuyện của phiên bản trước');
    }
    const cutoff = this.now().getTime() - SESSION_FORGET_MS;
    for (const [key, session] of Object.entries(sessions)) {
      const at = Date.parse(session.updatedAt);
      if (at > cutoff && !isBlank(session)) this.live.set(key, { body: bodyOf(session), at });
    }
    // Written as the new log first, then the old file goes: a crash in between reads the new one.
    await this.compact();
    await rm(legacyPath, { force: true });
  }

  /** Forgets, in memory, the sessions unused too long (the file drops them at its next compaction). */
  private sweep(): void {
    const cutoff = this.now().getTime() - SESSION_FORGET_MS;
    for (const [key, { at }] of this.live) if (at <= cutoff) this.live.delete(key);
  }
}
