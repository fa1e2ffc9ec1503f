// Announcements in PostgreSQL (tables announcements, subscriptions, subscription_events,
// broadcast_pace; migration 006), shared by the replicas of a province deployment. What a
// broadcast changes as it goes is changed in one statement each: a status moves only from
// the status expected, counts are added in place, the feeding lease is taken only when free,
// and the pace is one row every replica moves on.
import type pg from 'pg';
import type { Channel, CitizenAddress } from '../../address/address.ts';
import { storedAnnouncement, type Announcement, type AnnouncementStatus, type Audience, type DeliveryCounts } from '../../announcements/announcement.ts';
import type { AnnouncementFilter, AnnouncementStore, VapidKeys } from '../../announcements/store.ts';
import { storedSubscription, type EndReason, type PushTarget, type Subscription, type SubscriptionEvent } from '../../announcements/subscription.ts';
import { inTransaction } from './pool.ts';

interface AnnouncementRow {
  record: Announcement;
  cursor: string | null;
  delivered: number;
  failed: number;
  blocked: number;
}

interface SubscriptionRow {
  key: string;
  unit: string | null;
  recipient: CitizenAddress;
  push: PushTarget | null;
  since: Date;
}

const COUNTED = new Set<keyof DeliveryCounts>(['delivered', 'failed', 'blocked']);
const VAPID = 'web-push-vapid';

/** The record as stored, with what the columns beside it hold (the newest cursor and counts). */
function toAnnouncement(r: AnnouncementRow): Announcement {
  const a = r.record;
  if (a.status !== 'sending' && a.status !== 'sent') return a;
  return { ...a, delivered: r.delivered, failed: r.failed, blocked: r.blocked, ...(a.status === 'sending' && r.cursor !== null ? { cursor: r.cursor } : {}) };
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  key: r.key,
  to: r.recipient,
  ...(r.unit !== null ? { unit: r.unit } : {}),
  since: r.since.toISOString(),
  ...(r.push !== null ? { push: r.push } : {}),
});

export class PgAnnouncementStore implements AnnouncementStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(a: Announcement): Promise<void> {
    const r = storedAnnouncement.parse(a);
    const counts = 'recipients' in r ? r : { delivered: 0, failed: 0, blocked: 0 };
    await this.pool.query(
      `INSERT INTO announcements (id, status, unit, send_at, record, delivered, failed, blocked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.status, r.unit ?? null, 'sendAt' in r ? r.sendAt : null, JSON.stringify(r), counts.delivered, counts.failed, counts.blocked],
    );
  }

  async get(id: string): Promise<Announcement | undefined> {
    const { rows } = await this.pool.query<AnnouncementRow>('SELECT record, cursor, delivered, failed, blocked FROM announcements WHERE id = $1', [id]);
    return rows[0] && toAnnouncement(rows[0]);
  }

  async list(filter: AnnouncementFilter = {}): Promise<Announcement[]> {
    const { rows } = await this.pool.query<AnnouncementRow>(
      `SELECT record, cursor, delivered, failed, blocked FROM announcements
       WHERE ($1::text[] IS NULL OR status = ANY($1)) AND ($2::text IS NULL OR unit IS NULL OR unit = $2)
       ORDER BY seq DESC LIMIT $3`,
      [filter.status ? [...filter.status] : null, filter.unit ?? null, filter.limit ?? null],
    );
    return rows.map(toAnnouncement);
  }

  async replace(id: string, from: readonly AnnouncementStatus[], next: Announcement): Promise<Announcement | undefined> {
    const r = storedAnnouncement.parse(next);
    // Counts and cursor stay in their columns (a broadcast may be adding to them right now);
    // a broadcast starting begins them at what the record says.
    const starting = r.status === 'sending' ? 'true' : 'false';
    const { rows } = await this.pool.query<AnnouncementRow>(
      `UPDATE announcements SET status = $3, unit = $4, send_at = $5, record = $6,
         delivered = CASE WHEN ${starting} THEN $7 ELSE delivered END,
         failed = CASE WHEN ${starting} THEN $8 ELSE failed END,
         blocked = CASE WHEN ${starting} THEN $9 ELSE blocked END
       WHERE id = $1 AND status = ANY($2)
       RETURNING record, cursor, delivered, failed, blocked`,
      [id, [...from], r.status, r.unit ?? null, 'sendAt' in r ? r.sendAt : null, JSON.stringify(r), ...('recipients' in r ? [r.delivered, r.failed, r.blocked] : [0, 0, 0])],
    );
    return rows[0] && toAnnouncement(rows[0]);
  }

  async advance(id: string, cursor: string): Promise<void> {
    await this.pool.query(`UPDATE announcements SET cursor = $2 WHERE id = $1 AND status = 'sending' AND (cursor IS NULL OR cursor < $2)`, [id, cursor]);
  }

  async count(id: string, outcome: keyof DeliveryCounts): Promise<void> {
    if (!COUNTED.has(outcome)) throw new Error(`không đếm được "${outcome}"`);
    await this.pool.query(`UPDATE announcements SET ${outcome} = ${outcome} + 1 WHERE id = $1`, [id]);
  }

  async leaseFeed(id: string, holder: string, until: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE announcements SET feeder = $2, feeder_until = $3 WHERE id = $1 AND (feeder IS NULL OR feeder = $2 OR feeder_until < now())`,
      [id, holder, until.toISOString()],
    );
    return rowCount === 1;
  }

  async subscribe(s: Subscription): Promise<boolean> {
    const r = storedSubscription.parse(s);
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ inserted: boolean }>(
        `INSERT INTO subscriptions (key, unit, channel, recipient, push, since) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET unit = COALESCE(EXCLUDED.unit, subscriptions.unit), recipient = EXCLUDED.recipient, push = COALESCE(EXCLUDED.push, subscriptions.push)
         RETURNING (xmax = 0) AS inserted`,
        [r.key, r.unit ?? null, r.to.channel, JSON.stringify(r.to), r.push ? JSON.stringify(r.push) : null, r.since],
      );
      const inserted = rows[0]?.inserted === true;
      if (inserted) await client.query(`INSERT INTO subscription_events (at, channel, unit, kind) VALUES ($1, $2, $3, 'subscribed')`, [r.since, r.to.channel, r.unit ?? null]);
      return inserted;
    });
  }

  async unsubscribe(key: string, at: Date, reason: EndReason): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `WITH gone AS (DELETE FROM subscriptions WHERE key = $1 RETURNING channel, unit)
       INSERT INTO subscription_events (at, channel, unit, kind, reason) SELECT $2, channel, unit, 'unsubscribed', $3 FROM gone`,
      [key, at.toISOString(), reason],
    );
    return rowCount === 1;
  }

  async subscription(key: string): Promise<Subscription | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>('SELECT key, unit, recipient, push, since FROM subscriptions WHERE key = $1', [key]);
    return rows[0] && toSubscription(rows[0]);
  }

  async countSubscribers(audience: Audience): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM subscriptions WHERE $1::text IS NULL OR unit = $1', [audience.unit ?? null]);
    return Number(rows[0]!.n);
  }

  async subscribersAfter(audience: Audience, after: string | undefined, limit: number): Promise<Subscription[]> {
    // COLLATE "C": keys compare byte by byte, as the cursor was taken (and as lowdb sorts them).
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT key, unit, recipient, push, since FROM subscriptions
       WHERE ($1::text IS NULL OR unit = $1) AND ($2::text IS NULL OR key COLLATE "C" > $2)
       ORDER BY key COLLATE "C" LIMIT $3`,
      [audience.unit ?? null, after ?? null, limit],
    );
    return rows.map(toSubscription);
  }

  async subscriptionEvents(range: { from?: string; to: string }): Promise<SubscriptionEvent[]> {
    const { rows } = await this.pool.query<{ at: Date; channel: SubscriptionEvent['channel']; unit: string | null; kind: SubscriptionEvent['kind']; reason: SubscriptionEvent['reason'] | null }>(
      `SELECT at, channel, unit, kind, reason FROM subscription_events WHERE ($1::timestamptz IS NULL OR at >= $1) AND at < $2 ORDER BY at, seq`,
      [range.from ?? null, range.to],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), channel: r.channel, ...(r.unit !== null ? { unit: r.unit } : {}), kind: r.kind, ...(r.reason ? { reason: r.reason } : {}) }));
  }

  async pace(channel: Channel, spacingMs: number): Promise<number> {
    // The slot starts at the later of the shared next time and now (the database's clock,
    // the one every replica shares); the row moves on by one spacing.
    const { rows } = await this.pool.query<{ wait: number }>(
      `INSERT INTO broadcast_pace AS p (channel, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (channel) DO UPDATE SET next_at = GREATEST(p.next_at, clock_timestamp()) + $2 * interval '1 millisecond'
       RETURNING GREATEST(0, extract(epoch FROM (next_at - clock_timestamp())) * 1000 - $2)::float8 AS wait`,
      [channel, spacingMs],
    );
    return rows[0]!.wait;
  }

  async vapidKeys(make: () => VapidKeys): Promise<VapidKeys> {
    await this.pool.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [VAPID, Buffer.from(JSON.stringify(make()))]);
    const { rows } = await this.pool.query<{ value: Buffer }>('SELECT value FROM app_secrets WHERE name = $1', [VAPID]);
    return JSON.parse(rows[0]!.value.toString('utf8')) as VapidKeys;
  }

  /** The pool belongs to the store bundle, which closes it. */
  async close(): Promise<void> {}
}
