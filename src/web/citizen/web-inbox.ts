// Messages the bot sends to a web citizen on its own initiative (a staff answer, a status
// change): kept until they have been read, since the citizen may have closed the page,
// and pushed at once to the pages they have open (server-sent events).
import type { CitizenInboxStore, InboxMessage } from '../../outbox/citizen-inbox.ts';
import type { Destination } from '../../outbox/message.ts';

export type WebInboxMessage = InboxMessage;

type Listener = (message: WebInboxMessage) => void;

export class WebInbox {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly store: CitizenInboxStore) {}

  /** The outbox destination for the "web" channel. */
  destination(name = 'citizen-web'): Destination {
    return {
      name,
      deliver: async (message) => {
        if (message.to?.channel !== 'web') throw new Error(`tin ${message.id} không gửi qua trang web`);
        const entry: WebInboxMessage = { id: message.id, text: message.text, kind: message.kind, ...(message.code ? { code: message.code } : {}), at: message.createdAt };
        if (await this.store.append(message.to.userId, entry)) for (const listener of this.listeners.get(message.to.userId) ?? []) listener(entry);
      },
    };
  }

  list(citizen: string): Promise<WebInboxMessage[]> {
    return this.store.list(citizen);
  }

  /** Told of each new message for this citizen; returns the unsubscribe function. */
  subscribe(citizen: string, listener: Listener): () => void {
    const set = this.listeners.get(citizen) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(citizen, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(citizen);
    };
  }
}
