// Web chat transcripts in the data folder: one small file per citizen (transcripts/, named
// by a hash of the citizen's id), so that a message rewrites only its own citizen's few
// kilobytes however many citizens there are. Files not written for the kept days go.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { keepRecent, TRANSCRIPT_DAYS, type ChatTranscriptStore, type TranscriptEntry } from '../../conversation/transcript.ts';
import { ensurePrivateDir, writeFileAtomic } from '../../files/private-files.ts';

const entry = z.union([
  z.object({ at: z.string(), who: z.literal('me'), text: z.string() }),
  z.object({
    at: z.string(),
    who: z.literal('bot'),
    sections: z.array(z.object({ heading: z.string().optional(), lines: z.array(z.string()), style: z.enum(['list', 'numbered']).optional() })),
    buttons: z.array(z.object({ label: z.string(), payload: z.string() })),
  }),
]);
const file = z.array(entry);

export class TranscriptFiles implements ChatTranscriptStore {
  /** Appends to one citizen run one after another: two messages of one page never lose each other's entries. */
  private readonly queues = new Map<string, Promise<void>>();

  private constructor(
    private readonly dir: string,
    private readonly now: () => Date,
  ) {}

  static async open(dir: string, now: () => Date = () => new Date()): Promise<TranscriptFiles> {
    await ensurePrivateDir(dir);
    const files = new TranscriptFiles(dir, now);
    await files.prune();
    return files;
  }

  private pathOf(citizen: string): string {
    return join(this.dir, `${createHash('sha256').update(citizen).digest('hex').slice(0, 40)}.json`);
  }

  async list(citizen: string): Promise<TranscriptEntry[]> {
    let text: string;
    try {
      text = await readFile(this.pathOf(citizen), 'utf8');
    } catch {
      return [];
    }
    // A damaged file is one citizen's history, not the bot's: it reads as empty and is rewritten.
    const parsed = file.safeParse((() => { try { return JSON.parse(text); } catch { return undefined; } })());
    return parsed.success ? keepRecent(parsed.data, this.now()) : [];
  }

  append(citizen: string, entries: readonly TranscriptEntry[]): Promise<void> {
    const previous = this.queues.get(citizen) ?? Promise.resolve();
    const next = previous.then(async () => {
      const kept = keepRecent([...(await this.list(citizen)), ...entries], this.now());
      await writeFileAtomic(this.pathOf(citizen), JSON.stringify(kept));
    });
    const settled = next.catch(() => undefined);
    this.queues.set(citizen, settled);
    void settled.then(() => this.queues.get(citizen) === settled && this.queues.delete(citizen));
    return next;
  }

  /** Deletes the files of citizens who have not written for the kept days (by the files' own times, on the system clock). */
  async prune(): Promise<number> {
    const before = Date.now() - TRANSCRIPT_DAYS * 86_400_000;
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      try {
        if ((await stat(path)).mtimeMs < before) {
          await unlink(path);
          removed++;
        }
      } catch {
        // Gone already, or written meanwhile: nothing to do.
      }
    }
    return removed;
  }
}
