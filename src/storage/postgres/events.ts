// Events between the replicas (see StoreEvents) over PostgreSQL LISTEN/NOTIFY: one
// channel per schema, the topic inside the payload. The listening connection is its own
// client, not one of the pool's (a pooled connection goes back to the pool and stops
// listening); when it drops, it is made again with a growing pause. Every publish reaches
// every subscriber, this process's own included. An event published while the listener is
// down is lost: events only say "look again", the data itself is in the tables.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { StoreEvents } from '../bot-store.ts';
import { connectionConfig, type PostgresTarget } from './pool.ts';

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;

/** The NOTIFY channel of a schema: two schemas on one database never hear each other (a long name is hashed to fit 63 bytes). */
export function eventsChannel(schema?: string): string {
  const name = schema ?? 'default';
  return `tthc_events_${name.length <= 48 ? name : createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

export class PgEvents implements StoreEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly channel: string;
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RECONNECT_FIRST_MS;
  private closed = false;

  private constructor(
    private readonly target: PostgresTarget,
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void,
  ) {
    this.channel = eventsChannel(target.schema);
  }

  /** Starts listening; resolves once the first LISTEN is in place, so no event published after it is missed. */
  static async open(target: PostgresTarget, pool: pg.Pool, log: (line: string) => void): Promise<PgEvents> {
    const events = new PgEvents(target, pool, log);
    await events.connect();
    return events;
  }

  async publish(topic: string, payload: string): Promise<void> {
    const message = JSON.stringify({ topic, payload });
    if (Buffer.byteLength(message) > MAX_PAYLOAD_BYTES) throw new Error(`Sự kiện "${topic}" quá lớn để gửi qua PostgreSQL (${Buffer.byteLength(message)} byte).`);
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, message]);
  }

  subscribe(topic: string, handler: (payload: string) => void): () => void {
    this.emitter.on(topic, handler);
    return () => void this.emitter.off(topic, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    this.emitter.removeAllListeners();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(connectionConfig(this.target));
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || msg.payload === undefined) return;
      let event: { topic?: unknown; payload?: unknown };
      try {
        event = JSON.parse(msg.payload) as typeof event;
      } catch {
        return;
      }
      if (typeof event.topic !== 'string' || typeof event.payload !== 'string') return;
      for (const handler of this.emitter.listeners(event.topic) as ((payload: string) => void)[]) {
        try {
          handler(event.payload);
        } catch (err) {
          this.log(`PostgreSQL: lỗi khi xử lý sự kiện "${event.topic}": ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      // Lost while still connecting: connect() rejects, and its caller tries again.
      const wasListening = this.client === client;
      if (wasListening) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.closed || !wasListening) return;
      this.log(`PostgreSQL: mất kết nối nhận sự kiện${err ? ` (${err.message})` : ''}; kết nối lại sau ${Math.round(this.retryMs / 100) / 10} giây.`);
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (err) {
      onLost();
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_FIRST_MS;
  }

  private scheduleReconnect(): void {
    const attempt = () => {
      this.retryTimer = undefined;
      if (this.closed) return;
      this.connect().then(
        () => this.log('PostgreSQL: đã kết nối lại để nhận sự kiện.'),
        (err: unknown) => {
          this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
          this.log(`PostgreSQL: chưa kết nối lại được để nhận sự kiện (${err instanceof Error ? err.message : String(err)}); thử lại sau ${Math.round(this.retryMs / 100) / 10} giây.`);
          this.retryTimer = setTimeout(attempt, this.retryMs);
          this.retryTimer.unref();
        },
      );
    };
    this.retryTimer = setTimeout(attempt, this.retryMs);
    this.retryTimer.unref();
  }
}
