// rate-limiter-flexible's in-memory limiter, with its counts kept in the data folder so
// that a restart does not reset them: the limiter's own dump() is written shortly after
// each change (at most once per SAVE_DELAY_MS) and at close, and restore()d at open.
// A crash loses at most the last fraction of a second of counts.
import { RateLimiterMemory, type IRateLimiterOptions, type RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { JsonDocument } from './json-document.ts';

const SAVE_DELAY_MS = 500;

const snapshot = z.object({
  version: z.literal(1),
  dumpedAt: z.number(),
  storage: z.array(z.object({ key: z.union([z.string(), z.number()]), value: z.number(), expiresAt: z.number().nullable().optional() })),
});
type Snapshot = z.infer<typeof snapshot>;

export class PersistedRateLimiter extends RateLimiterMemory {
  private doc: JsonDocument<Snapshot> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  static async open(path: string, options: IRateLimiterOptions): Promise<PersistedRateLimiter> {
    const limiter = new PersistedRateLimiter(options);
    // Counts are worth keeping across a restart, not worth a backup rotation.
    const doc = await JsonDocument.open<Snapshot>(path, { version: 1, dumpedAt: 0, storage: [] }, { validate: (d) => snapshot.parse(d), keepBackups: 0 });
    limiter.restore(doc.data as Parameters<RateLimiterMemory['restore']>[0]);
    limiter.doc = doc;
    return limiter;
  }

  override async consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    try {
      return await super.consume(key, points, options);
    } finally {
      this.scheduleSave();
    }
  }

  /** Writes the counts now and closes the file. */
  async close(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.save();
    await this.doc?.close();
  }

  private scheduleSave(): void {
    if (this.saveTimer || !this.doc) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save().catch(() => undefined);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private async save(): Promise<void> {
    const dump = this.dump() as Snapshot;
    const live = { ...dump, storage: dump.storage.filter((r) => r.expiresAt == null || r.expiresAt > dump.dumpedAt) };
    await this.doc?.update((data) => Object.assign(data, live));
  }
}
