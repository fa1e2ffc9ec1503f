// Messages the bot sends to a web citizen on its own initiative (a staff answer, a status
// change): kept until they have been read, since the citizen may have closed the page,
// and pushed at once to the pages they have open (server-sent events).
import type { CitizenInboxStore, InboxMessage } from '../../outbox/citizen-inbox.ts';
import type { Destination } from '../../outbox/message.ts';
import type { StoreEvents } from '../../storage/bot-store.ts';

export type WebInboxMessage = InboxMessage;

type Listener = (message: WebInboxMessage) => void;

const TOPIC = 'web-inbox';

export class WebInbox {
  private readonly listeners = new Map<string, Set<Listener>>();

  /**
   * `events` carries "a message for this citizen" between the processes sharing the store:
   * the page may be open on another replica than the one delivering.
   */
  constructor(
    private readonly store: CitizenInboxStore,
    private readonly events: StoreEvents,
  ) {
    events.subscribe(TOPIC, (payload) => void this.announce(payload).catch(() => undefined));
  }

  /** The outbox destination for the "web" channel. */
  destination(name = 'citizen-web'): Destination {
    return {
      name,
      deliver: async (message) => {
        if (message.to?.channel !== 'web') throw new Error(`tin ${message.id} không gửi qua trang web`);
        const entry: WebInboxMessage = { id: message.id, text: message.text, kind: message.kind, ...(message.code ? { code: message.code } : {}), at: message.createdAt };
        // Ids only between processes: the text stays in the store.
        if (await this.store.append(message.to.userId, entry)) await this.events.publish(TOPIC, JSON.stringify({ citizen: message.to.userId, id: entry.id }));
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

  /** A message was added somewhere: shown to this citizen's pages open here, if any. */
  private async announce(payload: string): Promise<void> {
    const { citizen, id } = JSON.parse(payload) as { citizen: string; id: string };
    const open = this.listeners.get(citizen);
    if (!open?.size) return;
    const entry = (await this.store.list(citizen)).find((m) => m.id === id);
    if (entry) for (const listener of open) listener(entry);
  }
}
