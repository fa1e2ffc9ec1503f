// The embedded store: lowdb files in one data folder, held by this process alone (the
// data-folder lock), for one ward on one machine.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { MESSAGE_LIMIT } from '../../conversation/rate-limits.ts';
import { MemoryOptions, type OptionsMemory } from '../../channels/numbered-options.ts';
import { LocalUpdateClaims, type UpdateClaims } from '../../channels/update-claims.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import type { OutboxStore } from '../../outbox/store.ts';
import type { BotStore, OutboxName, StoreEvents } from '../bot-store.ts';
import { AnnouncementsFile } from './announcements-file.ts';
import { AttachmentFiles } from './attachment-files.ts';
import { CitizenInboxFile } from './citizen-inbox-file.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openFeedbackRepository } from './feedback-repository.ts';
import { FailedAttemptsFile } from './failed-attempts-file.ts';
import { HandledIdsFile } from './handled-ids-file.ts';
import { OutboxFile } from './outbox-file.ts';
import { PersistedRateLimiter } from './persisted-rate-limiter.ts';
import { SessionLog } from './session-log.ts';
import { StaffAccountsFile } from './staff-accounts-file.ts';
import { TranscriptFiles } from './transcript-files.ts';
import { sessionSecret } from './web-secret-file.ts';

const OUTBOX_FILES: Record<OutboxName, string> = { notifications: 'outbox.json', replies: 'reply-outbox.json', announcements: 'announcements-outbox.json' };

/** In one process, events are just an emitter. */
class LocalEvents implements StoreEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish(topic: string, payload: string): Promise<void> {
    this.emitter.emit(topic, payload);
  }
  subscribe(topic: string, handler: (payload: string) => void): () => void {
    this.emitter.on(topic, handler);
    return () => void this.emitter.off(topic, handler);
  }
}

export async function openLowdbStore(dataDir: string, options: { now?: () => Date } = {}): Promise<BotStore> {
  const unlock = await lockDataDir(dataDir);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    try {
      for (const close of closers.reverse()) await close();
    } finally {
      await unlock();
    }
  };
  try {
    const feedback = await openFeedbackRepository(dataDir, { now: options.now });
    closers.push(() => feedback.close());
    const sessions = await SessionLog.open(join(dataDir, 'sessions.jsonl'), { legacyPath: join(dataDir, 'sessions.json'), now: options.now });
    closers.push(() => sessions.close());
    const limiter = await PersistedRateLimiter.open(join(dataDir, 'rate-limits.json'), MESSAGE_LIMIT);
    closers.push(() => limiter.close());
    const attempts = await FailedAttemptsFile.open(join(dataDir, 'failed-attempts.json'));
    closers.push(() => attempts.close());
    const webInbox = await CitizenInboxFile.open(join(dataDir, 'web-inbox.json'));
    closers.push(() => webInbox.close());
    const transcripts = await TranscriptFiles.open(join(dataDir, 'transcripts'), options.now);
    const outboxes = {} as Record<OutboxName, OutboxStore>;
    for (const name of Object.keys(OUTBOX_FILES) as OutboxName[]) {
      const store = await OutboxFile.open(join(dataDir, OUTBOX_FILES[name]));
      closers.push(() => store.close());
      outboxes[name] = store;
    }
    const announcements = await AnnouncementsFile.open(dataDir);
    closers.push(() => announcements.close());
    const handled = new Map<string, HandledIds>();
    const handledIds = (scope: string) => handled.get(scope) ?? handled.set(scope, new HandledIdsFile(join(dataDir, `${scope}.txt`))).get(scope)!;
    const claims = new Map<string, UpdateClaims>();
    const chatOptions = new Map<string, OptionsMemory>();
    return {
      kind: 'lowdb',
      where: dataDir,
      feedback,
      attachments: new AttachmentFiles(dataDir),
      sessions,
      outbox: (name) => outboxes[name],
      messageLimiter: limiter,
      accounts: new StaffAccountsFile(dataDir),
      webInbox,
      transcripts,
      handledIds,
      // One process holds the data folder, so claims live in memory; handled ids in the folder.
      updateClaims: (scope) => claims.get(scope) ?? claims.set(scope, new LocalUpdateClaims(handledIds(scope))).get(scope)!,
      chatOptions: (scope) => chatOptions.get(scope) ?? chatOptions.set(scope, new MemoryOptions()).get(scope)!,
      events: new LocalEvents(),
      announcements,
      failedAttempts: (scope, windowMs) => attempts.scope(scope, windowMs),
      webSecret: async (configured) => sessionSecret(configured, dataDir),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
