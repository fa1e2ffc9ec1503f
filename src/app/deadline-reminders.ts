// Runs the deadline reminders (feedback/deadline-reminders.ts) while the bot runs: at start
// and every few minutes, from 07:00 Vietnam time (a reminder at midnight helps nobody). Every
// replica may run it: the outbox queues each reminder once.
import { queueDeadlineReminders } from '../feedback/deadline-reminders.ts';
import type { Bot } from './open-bot.ts';

const EVERY_MS = 10 * 60_000;
const FROM_HOUR = 7;
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Sweeps once now: true when it ran (it waits for the morning). */
export async function remindOnce(bot: Pick<Bot, 'feedback' | 'outbox' | 'staffDestinations' | 'knowledge' | 'now'>): Promise<boolean> {
  const local = new Date(bot.now().getTime() + VIETNAM_OFFSET_MS);
  if (local.getUTCHours() < FROM_HOUR) return false;
  const { casework, units } = bot.knowledge.current();
  await queueDeadlineReminders(bot.feedback, bot.outbox, bot.staffDestinations, casework, local.toISOString().slice(0, 10), (id) => units.get(id)?.name);
  return true;
}

/** Starts the sweeps; returns the function that stops them. */
export function startDeadlineReminders(bot: Pick<Bot, 'feedback' | 'outbox' | 'staffDestinations' | 'knowledge' | 'now' | 'log'>): () => void {
  let running: Promise<unknown> | undefined;
  const sweep = () => {
    running ??= remindOnce(bot)
      .catch((err: unknown) => bot.log.warn(`Nhắc hạn xử lý: chưa xếp được lời nhắc: ${(err as Error).message}`))
      .finally(() => (running = undefined));
  };
  sweep();
  const timer = setInterval(sweep, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
