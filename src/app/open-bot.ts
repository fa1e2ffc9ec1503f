// Assembles the bot from its parts: knowledge and engine, feedback storage, sessions,
// the outbox and its destinations, and the conversation core. Channels plug in routes.
import { join } from 'node:path';
import { Conversation } from '../conversation/conversation.ts';
import { CITIZEN_DESTINATION } from '../feedback/staff-actions.ts';
import { SessionStore } from '../conversation/session.ts';
import type { Channel } from '../feedback/record.ts';
import type { Destination } from '../outbox/message.ts';
import { FileDestination } from '../outbox/file-destination.ts';
import { Outbox } from '../outbox/outbox.ts';
import { RoutedDestination } from '../outbox/routed-destination.ts';
import { lockDataDir } from '../storage/data-dir-lock.ts';
import { openFeedbackRepository } from '../storage/feedback-repository.ts';
import type { AppConfig } from './config.ts';
import { openEngine, type OpenedEngine } from './open-engine.ts';

export const STAFF_FILE_DESTINATION = 'staff-file';

export interface BotOptions {
  /** How staff answers reach citizens on each channel. */
  citizenRoutes?: Partial<Record<Channel, Destination>>;
  /** Where forwarded feedback goes besides the local staff inbox file. */
  staffDestinations?: Destination[];
  now?: () => Date;
}

export async function openBot(config: Pick<AppConfig, 'TTHC_KNOWLEDGE_DIRS' | 'TTHC_DATA_DIR'>, options: BotOptions = {}) {
  const opened: OpenedEngine = openEngine(config.TTHC_KNOWLEDGE_DIRS);
  const dataDir = config.TTHC_DATA_DIR;
  const unlock = await lockDataDir(dataDir);
  const feedback = await openFeedbackRepository(dataDir, { now: options.now }).catch(async (err) => {
    await unlock();
    throw err;
  });
  const sessions = await SessionStore.open(join(dataDir, 'sessions.json'));
  // The staff inbox file is always written: Home Affairs keeps a local record even when
  // every chat group is unreachable.
  const staff = [new FileDestination(STAFF_FILE_DESTINATION, join(dataDir, 'staff-inbox.jsonl')), ...(options.staffDestinations ?? [])];
  const outbox = await Outbox.open({
    file: join(dataDir, 'outbox.json'),
    destinations: [...staff, new RoutedDestination(CITIZEN_DESTINATION, options.citizenRoutes ?? {})],
    now: options.now,
  });
  const conversation = new Conversation({
    engine: opened.engine,
    settings: opened.knowledge.settings,
    feedback,
    outbox,
    sessions,
    staffDestinations: staff.map((d) => d.name),
    now: options.now,
  });
  const close = async () => {
    await outbox.stop();
    await feedback.close();
    await unlock();
  };
  return { ...opened, feedback, sessions, outbox, conversation, close };
}
export type Bot = Awaited<ReturnType<typeof openBot>>;
