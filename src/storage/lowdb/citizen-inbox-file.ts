// The web citizens' inbox as a lowdb file of the data folder (web-inbox.json, 0600):
// per citizen, the last messages of the last 30 days.
import { z } from 'zod';
import type { CitizenInboxStore, InboxMessage } from '../../outbox/citizen-inbox.ts';
import { MESSAGE_KINDS } from '../../outbox/message.ts';
import { JsonDocument } from './json-document.ts';

const KEEP_DAYS = 30;
const KEEP_PER_CITIZEN = 50;

const message = z.object({ id: z.string(), text: z.string(), kind: z.enum(MESSAGE_KINDS), code: z.string().optional(), at: z.string() });
const file = z.object({ citizens: z.record(z.string(), z.array(message)) });

export class CitizenInboxFile implements CitizenInboxStore {
  private constructor(private readonly doc: JsonDocument<z.infer<typeof file>>) {}

  static async open(path: string): Promise<CitizenInboxFile> {
    return new CitizenInboxFile(await JsonDocument.open(path, { citizens: {} }, { validate: (d) => file.parse(d), keepBackups: 3 }));
  }

  append(citizen: string, entry: InboxMessage): Promise<boolean> {
    return this.doc.update((data) => {
      const list = data.citizens[citizen] ?? [];
      if (list.some((m) => m.id === entry.id)) return false;
      const since = Date.now() - KEEP_DAYS * 24 * 3600_000;
      data.citizens[citizen] = [...list, entry].filter((m) => Date.parse(m.at) >= since).slice(-KEEP_PER_CITIZEN);
      return true;
    });
  }

  async list(citizen: string): Promise<InboxMessage[]> {
    return [...(this.doc.data.citizens[citizen] ?? [])];
  }

  close(): Promise<void> {
    return this.doc.close();
  }
}
