// Failed attempts (see attempts/failed-attempts.ts) in one small lowdb file of the data
// folder, failed-attempts.json: written at each failure (failures are few; a success
// that clears nothing writes nothing), pruned of counts whose window has passed, and
// capped per kind so that a flood of made-up keys cannot grow it without end.
import { z } from 'zod';
import { liveCount, type FailedAttempts, type FailureCount } from '../../attempts/failed-attempts.ts';
import { JsonDocument } from './json-document.ts';

const count = z.object({ failures: z.number().int().min(1), lastAt: z.string() });
const file = z.object({ scopes: z.record(z.string(), z.record(z.string(), count)) });
type Data = z.infer<typeof file>;

/** Keys kept per kind; the oldest counts go first. */
const MAX_KEYS = 20_000;

export class FailedAttemptsFile {
  private constructor(private readonly doc: JsonDocument<Data>) {}

  static async open(path: string): Promise<FailedAttemptsFile> {
    return new FailedAttemptsFile(await JsonDocument.open<Data>(path, { scopes: {} }, { validate: (d) => file.parse(d), keepBackups: 0 }));
  }

  /** The counts of one kind of attempt, forgotten `windowMs` after their last failure. */
  scope(name: string, windowMs: number): FailedAttempts {
    const doc = this.doc;
    const counts = () => doc.data.scopes[name] ?? {};
    return {
      get: async (key, now) => liveCount(counts()[key], now, windowMs),
      add: (key, now) =>
        doc.update((data): FailureCount => {
          const scope = (data.scopes[name] ??= {});
          const failures = liveCount(scope[key], now, windowMs).failures + 1;
          const lastAt = now.toISOString();
          delete scope[key];
          // Re-inserted last: the object keeps keys in insertion order, oldest first.
          scope[key] = { failures, lastAt };
          const keys = Object.keys(scope);
          for (const k of keys) if (now.getTime() - Date.parse(scope[k]!.lastAt) >= windowMs) delete scope[k];
          for (const k of Object.keys(scope).slice(0, Math.max(0, Object.keys(scope).length - MAX_KEYS))) delete scope[k];
          return { failures, lastAt };
        }),
      clear: async (key) => {
        if (!counts()[key]) return;
        await doc.update((data) => void delete data.scopes[name]?.[key]);
      },
    };
  }

  close(): Promise<void> {
    return this.doc.close();
  }
}
