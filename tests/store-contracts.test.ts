// One set of behaviours, two stores: every contract in tests/contracts/ runs against the
// lowdb data folder and against PostgreSQL (when TEST_DATABASE_URL names a test database;
// each store on a fresh schema, dropped at the end).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe } from 'vitest';
import type { BotStore } from '../src/storage/bot-store.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { chatTranscriptsContract } from './contracts/chat-transcripts.contract.ts';
import { announcementStoreContract } from './contracts/announcement-store.contract.ts';
import { caseworkContract } from './contracts/casework.contract.ts';
import { deadlineRemindersContract } from './contracts/deadline-reminders.contract.ts';
import { citizenInboxContract } from './contracts/citizen-inbox.contract.ts';
import { eventsContract } from './contracts/events.contract.ts';
import { failedAttemptsContract } from './contracts/failed-attempts.contract.ts';
import { feedbackRepositoryContract } from './contracts/feedback-repository.contract.ts';
import { handledIdsContract } from './contracts/handled-ids.contract.ts';
import { limitsAndSecretContract } from './contracts/limits-and-secret.contract.ts';
import { outboxStoreContract } from './contracts/outbox-store.contract.ts';
import { sessionStoreContract } from './contracts/session-store.contract.ts';
import { staffAccountsContract } from './contracts/staff-accounts.contract.ts';
import type { OpenOptions, StoreTarget } from './contracts/target.ts';
import { removeTempDataDirs, tempDataDir } from './helpers/feedback-fixtures.ts';
import { inSchema, postgresStores, skipWithoutPostgres } from './helpers/postgres.ts';

const CONTRACTS = [
  feedbackRepositoryContract,
  sessionStoreContract,
  outboxStoreContract,
  staffAccountsContract,
  citizenInboxContract,
  chatTranscriptsContract,
  handledIdsContract,
  eventsContract,
  limitsAndSecretContract,
  announcementStoreContract,
  caseworkContract,
  deadlineRemindersContract,
  failedAttemptsContract,
];

/** Closing a store twice (a test's restart, then the clean-up) closes it once. */
function closeOnce<S extends BotStore>(store: S): S {
  let closing: Promise<void> | undefined;
  const close = store.close.bind(store);
  return Object.assign(store, { close: () => (closing ??= close()) });
}

describe('lowdb store', () => {
  const opened: BotStore[] = [];
  const dirs = new WeakMap<BotStore, string>();
  const openAt = async (dir: string, options: OpenOptions = {}) => {
    const store = closeOnce(await openLowdbStore(dir, options));
    dirs.set(store, dir);
    opened.push(store);
    return store;
  };
  const target: StoreTarget = {
    kind: 'lowdb',
    open: (options) => openAt(tempDataDir(), options),
    reopen: async (store, options) => {
      await store.close();
      return openAt(dirs.get(store)!, options);
    },
    // The log as it is read back: the last line of each key wins, a line without a session removes it.
    storedSessions: async (store) => {
      const keys = new Map<string, boolean>();
      for (const line of readFileSync(join(dirs.get(store)!, 'sessions.jsonl'), 'utf8').split('\n').filter(Boolean)) {
        const { k, s } = JSON.parse(line) as { k: string; s?: unknown };
        keys.set(k, s !== undefined);
      }
      return [...keys].filter(([, kept]) => kept).map(([k]) => k).sort();
    },
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(removeTempDataDirs);

  for (const contract of CONTRACTS) contract(target);
});

describe.skipIf(skipWithoutPostgres())('PostgreSQL store', () => {
  const stores = postgresStores();
  const schemas = new WeakMap<BotStore, string>();
  const openOn = async (schema: string | undefined, options: OpenOptions = {}) => {
    const store = closeOnce(await stores.open({ schema, now: options.now }));
    schemas.set(store, store.schema);
    return store;
  };
  const target: StoreTarget = {
    kind: 'postgres',
    open: (options) => openOn(undefined, options),
    reopen: async (store, options) => {
      await store.close();
      return openOn(schemas.get(store)!, options);
    },
    replica: (store, options) => openOn(schemas.get(store)!, options),
    storedSessions: async (store) => (await inSchema<{ key: string }>(schemas.get(store)!, 'SELECT key FROM sessions ORDER BY key')).map((r) => r.key),
  };
  afterEach(() => stores.closeAll());
  // Dropping every schema the suites made takes a while on a busy machine.
  afterAll(() => stores.cleanup(), 120_000);

  for (const contract of CONTRACTS) contract(target);
});
