// Handled ids (see outbox/handled-ids.ts) in memory and, given a path, one per line in a
// file of the data folder (0600). Appends are cheap; the file is compacted to the newest
// `keep` ids when it grows to twice that.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendPrivate, ensurePrivateDir, writeFileAtomic } from '../../files/private-files.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';

export class HandledIdsFile implements HandledIds {
  private ids: Promise<Set<string>> | undefined;
  /** Lines in the file (ids appended since the last compaction included). */
  private lines = 0;
  /** Ids waiting for the next write, and who waits for it: one append and one fsync carry all of them. */
  private pending: { id: string; done: () => void; failed: (err: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly path?: string,
    private readonly keep = 20_000,
  ) {}

  async has(id: string): Promise<boolean> {
    return (await this.load()).has(id);
  }

  /**
   * Resolves once `id` is on disk (when the log has a file). Ids added while a write is
   * under way go together in the next one (a group commit): a broadcast sending hundreds a
   * second then waits one fsync per batch, not one per id, and a crash loses at most the
   * ids of one batch in flight.
   */
  async add(id: string): Promise<boolean> {
    const ids = await this.load();
    if (ids.has(id)) return false;
    ids.add(id);
    if (!this.path) {
      if (ids.size > this.keep * 2) this.trim(ids);
      return true;
    }
    await new Promise<void>((done, failed) => {
      this.pending.push({ id, done, failed });
      if (!this.flushing) void this.flush(this.path!, ids);
    });
    return true;
  }

  private async flush(path: string, ids: Set<string>): Promise<void> {
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        await ensurePrivateDir(dirname(path));
        this.lines += batch.length;
        if (this.lines > this.keep * 2) {
          this.trim(ids);
          await writeFileAtomic(path, [...ids].join('\n') + '\n');
          this.lines = ids.size;
        } else await appendPrivate(path, batch.map((b) => `${b.id}\n`).join(''));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.failed(err);
      }
    }
    this.flushing = false;
  }

  /** Keeps the newest `keep` ids (a Set iterates in insertion order). */
  private trim(ids: Set<string>): void {
    const drop = ids.size - this.keep;
    let i = 0;
    for (const id of ids) {
      if (i++ >= drop) break;
      ids.delete(id);
    }
  }

  private load(): Promise<Set<string>> {
    this.ids ??= (async () => {
      if (!this.path) return new Set<string>();
      const raw = await readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      const lines = raw.split('\n').filter(Boolean);
      this.lines = lines.length;
      return new Set(lines);
    })().catch((err: unknown) => {
      this.ids = undefined;
      throw err;
    });
    return this.ids;
  }
}
