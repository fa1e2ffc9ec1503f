// Deadline reminders on a store: one per record and staff destination, the working day
// before the deadline, however often the sweep runs, after a restart, and (PostgreSQL) on
// two replicas sweeping at the same moment.
import { describe, expect, it } from 'vitest';
import { queueDeadlineReminders } from '../../src/feedback/deadline-reminders.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import type { BotStore } from '../../src/storage/bot-store.ts';
import { WorkingCalendar } from '../../src/time/working-days.ts';
import { sampleFeedback } from '../helpers/feedback-fixtures.ts';
import { warmUp, type StoreTarget } from './target.ts';

const kb = loadKnowledge(['knowledge']);
const casework = { calendar: new WorkingCalendar(kb.calendar!), deadlines: kb.deadlines };
const STAFF = ['staff-file', 'staff-telegram'];
const now = () => new Date('2027-02-23T02:00:00Z');

const outboxOf = (store: BotStore) => Outbox.over(store.outbox('notifications'), { destinations: [], now });
const reminders = async (store: BotStore) => (await (await outboxOf(store)).pending()).filter((m) => m.kind === 'deadline-reminder').map((m) => m.id).sort();

export function deadlineRemindersContract(target: StoreTarget): void {
  describe('deadline reminders', () => {
    it('queues one reminder per open record and staff chat the working day before, once, across restarts', async () => {
      const store = await target.open({ now });
      const due = await store.feedback.submit(sampleFeedback(1, { due: '2027-02-24', unit: 'phuong-b-lao' }));
      const closed = await store.feedback.submit(sampleFeedback(2, { due: '2027-02-24' }));
      await store.feedback.setStatus(closed.code, 'da-dong', 'web:an');
      await store.feedback.submit(sampleFeedback(3, { due: '2027-02-26' }));
      await store.feedback.submit(sampleFeedback(4));
      // Monday 22/02: two working days before, nothing yet.
      expect(await queueDeadlineReminders(store.feedback, await outboxOf(store), STAFF, casework, '2027-02-22')).toBe(0);
      expect(await queueDeadlineReminders(store.feedback, await outboxOf(store), STAFF, casework, '2027-02-23')).toBe(1);
      await queueDeadlineReminders(store.feedback, await outboxOf(store), STAFF, casework, '2027-02-23');
      const expected = STAFF.map((d) => `due:${due.code}.2027-02-24:${d}`).sort();
      expect(await reminders(store)).toEqual(expected);
      const message = (await store.outbox('notifications').pending()).find((m) => m.id === expected[0])!;
      expect(message).toMatchObject({ unit: 'phuong-b-lao', code: due.code });
      expect(message.text).toMatch(/Hạn xử lý: 24\/02\/2027 \(còn 1 ngày làm việc\)/);
      expect(message.text).not.toContain(sampleFeedback(1).sender.phone!);
      const again = await target.reopen(store, { now });
      await queueDeadlineReminders(again.feedback, await outboxOf(again), STAFF, casework, '2027-02-24');
      expect(await reminders(again)).toEqual(expected);
    });

    it.runIf(target.replica)('queues each reminder once when two replicas sweep at the same moment', async () => {
      const first = await target.open({ now });
      const second = await target.replica!(first, { now });
      await Promise.all([warmUp(first), warmUp(second)]);
      const records = await Promise.all([1, 2, 3].map((i) => first.feedback.submit(sampleFeedback(i, { due: '2027-02-24' }))));
      await Promise.all([first, second, first, second].map(async (s) => queueDeadlineReminders(s.feedback, await outboxOf(s), STAFF, casework, '2027-02-23')));
      expect(await reminders(first)).toEqual(records.flatMap((r) => STAFF.map((d) => `due:${r.code}.2027-02-24:${d}`)).sort());
    });
  });
}
