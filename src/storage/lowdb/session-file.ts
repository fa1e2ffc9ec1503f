// Sessions in one lowdb file of the data folder (sessions.json), for one ward on one machine.
import { z } from 'zod';
import { restoreSession, SESSION_FORGET_MS, sessionChanged, storedSession, type Session, type SessionStore } from '../../conversation/session.ts';
import { JsonDocument } from './json-document.ts';

const file = z.object({ sessions: z.record(z.string(), storedSession) });

export class SessionFile implements SessionStore {
  private constructor(private readonly doc: JsonDocument<z.infer<typeof file>>) {}

  static async open(path: string): Promise<SessionFile> {
    return new SessionFile(await JsonDocument.open(path, { sessions: {} }, { validate: (d) => file.parse(d), keepBackups: 2 }));
  }

  async get(key: string, now: Date): Promise<Session> {
    return restoreSession(this.doc.data.sessions[key], now);
  }

  async save(key: string, value: Session, now: Date): Promise<void> {
    if (!sessionChanged(this.doc.data.sessions[key], value)) return;
    // The day's expiry runs from the last change.
    await this.doc.update((data) => {
      data.sessions[key] = { ...value, updatedAt: now.toISOString() };
      for (const [k, s] of Object.entries(data.sessions)) if (now.getTime() - Date.parse(s.updatedAt) >= SESSION_FORGET_MS) delete data.sessions[k];
    });
  }

  close(): Promise<void> {
    return this.doc.close();
  }
}
