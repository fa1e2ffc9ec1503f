// A place where messages for a citizen wait until their client fetches them: what the web
// chat has instead of a chat service that pushes. The web channel delivers outbox messages
// into it; a data file or the database keeps it.
import type { OutboxMessage } from './message.ts';

export interface InboxMessage {
  id: string;
  text: string;
  kind: OutboxMessage['kind'];
  code?: string;
  at: string;
}

export interface CitizenInboxStore {
  /** Adds a message unless one with its id is there; true when added. */
  append(citizen: string, message: InboxMessage): Promise<boolean>;
  /** The citizen's messages, oldest first. */
  list(citizen: string): Promise<InboxMessage[]>;
}
