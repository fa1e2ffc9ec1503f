// The province store: every piece of state in one PostgreSQL database (optionally one
// schema of it), shared by the bot's replicas. Opening applies the schema migrations the
// database lacks, under a lock, so replicas may start together.
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { MESSAGE_LIMIT } from '../../conversation/rate-limits.ts';
import type { BotStore, OutboxName } from '../bot-store.ts';
import { PgAnnouncementStore } from './announcements.ts';
import { PgCitizenInbox } from './citizen-inbox.ts';
import { PgChatTranscripts } from './chat-transcripts.ts';
import { PgEvents } from './events.ts';
import { PgAttachments } from './attachments.ts';
import { foldFeedbackCounts, PgFeedbackRepository } from './feedback-repository.ts';
import { PgOptionsMemory, pruneChatOptions } from './chat-options.ts';
import { pgFailedAttempts, pruneFailedAttempts } from './failed-attempts.ts';
import { PgHandledIds, pruneHandledIds } from './handled-ids.ts';
import { migrate } from './migrations.ts';
import { PgOutboxStore } from './outbox-store.ts';
import { checkSchemaName, createPool, describeTarget, type PostgresTarget } from './pool.ts';
import { MESSAGE_LIMIT_PREFIX, PgSessionStore } from './session-store.ts';
import { PgStaffAccountStore } from './staff-accounts.ts';
import { webSessionSecret } from './web-secret.ts';

/** How often a replica deletes expired rows (sessions, handled ids, rate-limit counts, old inbox messages) and folds the feedback totals. */
const HOUSEKEEPING_MS = 10 * 60_000;
/** Rate-limit rows are dropped this long after they expire (as rate-limiter-flexible does on its own timer). */
const RATE_LIMIT_GRACE_MS = 3600_000;

export interface PostgresStoreOptions {
  /** The clock, for tests. */
  now?: () => Date;
  log?: (line: string) => void;
  /** Put every table in this schema (created if missing), e.g. one per test suite. */
  schema?: string;
}

export interface PostgresBotStore extends BotStore {
  readonly kind: 'postgres';
  /** Deletes expired sessions, handled ids, rate-limit counts and inbox messages, and folds the feedback totals, now; a timer does it every 10 minutes. */
  housekeeping(): Promise<void>;
}

export async function openPostgresStore(url: string, options: { now?: () => Date; log?: (line: string) => void; schema?: string } = {}): Promise<PostgresBotStore> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const target: PostgresTarget = { url, ...(options.schema !== undefined ? { schema: checkSchemaName(options.schema) } : {}) };
  const pool = createPool(target, log);
  let events: PgEvents | undefined;
  try {
    await migrate(pool, { schema: target.schema, log });
    events = await PgEvents.open(target, pool, log);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`Không mở được kho dữ liệu PostgreSQL ${describeTarget(target)}: ${message}`, { cause: err });
  }

  // Sessions and web chat transcripts change with nearly every message: their commits do not
  // wait for the disk (a database crash, not a bot crash, may lose a citizen's last step or
  // the last lines of a page's history); records always do.
  const relaxed = createPool(target, log, { relaxed: true });
  const sessions = new PgSessionStore(relaxed);
  const webInbox = new PgCitizenInbox(pool, now);
  const transcripts = new PgChatTranscripts(relaxed, now);
  const outboxes: Record<OutboxName, PgOutboxStore> = {
    notifications: new PgOutboxStore(pool, 'notifications'),
    replies: new PgOutboxStore(pool, 'replies'),
    announcements: new PgOutboxStore(pool, 'announcements'),
  };
  const handled = new Map<string, PgHandledIds>();
  const pgHandled = (scope: string) => handled.get(scope) ?? handled.set(scope, new PgHandledIds(pool, scope, now)).get(scope)!;
  const messageLimiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    ...(target.schema !== undefined ? { schemaName: target.schema } : {}),
    // The table is made by the migration; expired rows are deleted by housekeeping below.
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: MESSAGE_LIMIT_PREFIX,
    ...MESSAGE_LIMIT,
  });

  const housekeeping = async () => {
    const at = now();
    await Promise.all([
      sessions.prune(at),
      pruneHandledIds(pool, at),
      pruneChatOptions(pool, at),
      pruneFailedAttempts(pool, at),
      webInbox.prune(at),
      transcripts.prune(at),
      pool.query('DELETE FROM rate_limits WHERE expire < $1', [Date.now() - RATE_LIMIT_GRACE_MS]),
      foldFeedbackCounts(pool),
    ]);
  };
  let sweeping: Promise<void> | undefined;
  const timer = setInterval(() => {
    sweeping ??= housekeeping()
      .catch((err: unknown) => log(`PostgreSQL: không dọn được dữ liệu hết hạn: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (sweeping = undefined));
  }, HOUSEKEEPING_MS);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    where: describeTarget(target),
    feedback: new PgFeedbackRepository(pool, now),
    attachments: new PgAttachments(pool),
    sessions,
    outbox: (name) => outboxes[name],
    messageLimiter,
    accounts: new PgStaffAccountStore(pool),
    webInbox,
    transcripts,
    handledIds: (scope) => pgHandled(scope),
    updateClaims: (scope) => pgHandled(scope),
    chatOptions: (scope) => new PgOptionsMemory(pool, scope, now),
    events,
    announcements: new PgAnnouncementStore(pool),
    failedAttempts: (scope, windowMs) => pgFailedAttempts(pool, scope, windowMs),
    webSecret: (configured) => webSessionSecret(pool, configured),
    housekeeping,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await sweeping;
        try {
          await events.close();
        } finally {
          await Promise.all([pool.end(), relaxed.end()]);
        }
      })()),
  };
}
