// At start: a record stored just before a crash may be missing the messages it should
// have caused (its forward to Home Affairs, a staff answer to the citizen). They are
// worked out again from the records and queued if the outbox has never seen them.
import { expectedNotifications, groupOf, type UnitNames } from '../feedback/notifications.ts';
import type { FeedbackRepository } from '../feedback/record.ts';
import type { NewOutboxMessage } from '../outbox/message.ts';

/** Only events this recent: the outbox forgets delivered ids after 30 days. */
export const REQUEUE_WINDOW_DAYS = 25;

export interface RequeueTarget {
  known(ids: readonly string[]): Promise<Set<string>>;
  enqueue(messages: NewOutboxMessage[]): Promise<void>;
}

/** Queues the missing messages; returns how many groups (events) were missing. */
export async function requeueMissingNotifications(
  feedback: FeedbackRepository,
  outbox: RequeueTarget,
  staffDestinations: readonly string[],
  now: Date,
  unitName?: UnitNames,
): Promise<number> {
  const since = new Date(now.getTime() - REQUEUE_WINDOW_DAYS * 24 * 3600_000);
  const expected = [];
  // Records filed before messages had derived ids have no submissionId: their messages
  // cannot be recognised in the outbox, and are left alone rather than sent twice.
  for (const record of await feedback.list({ from: since.toISOString() })) {
    if (!record.submissionId) continue;
    for (const group of expectedNotifications(record, staffDestinations, unitName)) if (Date.parse(group.at) >= since.getTime()) expected.push(group);
  }
  // A group is there when any of its messages is: the outbox checks the ids it is asked about only.
  const known = await outbox.known(expected.flatMap((g) => g.messages.map((m) => m.id!)));
  const knownGroups = new Set([...known].map(groupOf));
  const missing: NewOutboxMessage[] = [];
  let groups = 0;
  for (const group of expected) {
    if (knownGroups.has(group.group)) continue;
    groups++;
    missing.push(...group.messages);
  }
  await outbox.enqueue(missing);
  return groups;
}
