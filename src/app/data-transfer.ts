// Moving a deployment's data between stores (a ward that started with the lowdb folder
// moving to PostgreSQL, or back): every feedback record with its history and answer,
// the unanswered questions, the staff accounts, the photos records list, and the messages
// still waiting in both outboxes, as JSON lines. Sessions, rate-limit counts and delivered ids are transient and
// stay behind. The lines hold personal data: the file is written owner-only.
import { z } from 'zod';
import { attachmentRef, feedbackRecord, unansweredQuestion, type AttachmentRef, type FeedbackRecord, type UnansweredQuestion } from '../feedback/record.ts';
import type { QueuedMessage } from '../outbox/store.ts';
import { storedStaffAccount, type StaffAccount } from '../staff/accounts.ts';
import type { BotStore, OutboxName } from '../storage/bot-store.ts';
import { storedQueuedMessage as queuedMessage } from '../storage/stored-records.ts';

const FORMAT = 'tthc-bot-data';
const VERSION = 1;
const BOXES: readonly OutboxName[] = ['notifications', 'replies'];


const dataLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), format: z.literal(FORMAT), version: z.literal(VERSION), from: z.enum(['lowdb', 'postgres']), at: z.string() }),
  z.object({ type: z.literal('feedback'), record: feedbackRecord }),
  z.object({ type: z.literal('unanswered'), question: unansweredQuestion }),
  z.object({ type: z.literal('account'), account: storedStaffAccount }),
  /** A photo a record lists, its bytes in base64 (re-encoded already, no metadata). */
  z.object({ type: z.literal('attachment'), ref: attachmentRef, data: z.base64() }),
  z.object({ type: z.literal('outbox'), box: z.enum(BOXES as [OutboxName, ...OutboxName[]]), message: queuedMessage }),
]);
type DataLine = z.infer<typeof dataLine>;

export interface TransferCounts {
  feedback: number;
  unanswered: number;
  accounts: number;
  outbox: number;
  attachments: number;
}

/** Everything worth moving, one JSON value per line, the header first. */
export async function* exportData(store: BotStore, now: Date = new Date()): AsyncGenerator<DataLine> {
  yield { type: 'header', format: FORMAT, version: VERSION, from: store.kind, at: now.toISOString() };
  // Oldest first, so an import files them in the order they came.
  const records = (await store.feedback.list()).reverse();
  for (const record of records) yield { type: 'feedback', record };
  // The photos the records list, read one at a time.
  for (const ref of records.flatMap((r) => r.attachments ?? [])) {
    const data = await store.attachments.get(ref.id);
    if (data) yield { type: 'attachment', ref, data: data.toString('base64') };
  }
  for (const question of (await store.feedback.unanswered()).reverse()) yield { type: 'unanswered', question };
  for (const account of await store.accounts.list()) yield { type: 'account', account };
  for (const box of BOXES) for (const message of await store.outbox(box).pending()) yield { type: 'outbox', box, message };
}

export class DataFileError extends Error {
  override name = 'DataFileError';
}

/**
 * Reads every line first (a damaged file imports nothing), then adds what the store does
 * not have: a code, question id, username or message id already there is left alone, so
 * importing twice is harmless. Returns what was added and what was already there.
 */
export async function importData(store: BotStore, lines: AsyncIterable<string>): Promise<{ imported: TransferCounts; skipped: TransferCounts }> {
  const records: FeedbackRecord[] = [];
  const questions: UnansweredQuestion[] = [];
  const accounts: StaffAccount[] = [];
  const messages: { box: OutboxName; message: QueuedMessage }[] = [];
  const photos: { ref: AttachmentRef; data: string }[] = [];
  let n = 0;
  let header = false;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new DataFileError(`Dòng ${n} không phải JSON.`);
    }
    const parsed = dataLine.safeParse(value);
    // Where and what, never the value: it may be personal data.
    if (!parsed.success) throw new DataFileError(`Dòng ${n} không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`).join('; ')}`);
    const line = parsed.data;
    if (!header && line.type !== 'header') throw new DataFileError(`Dòng ${n}: tệp không bắt đầu bằng dòng đầu của tệp dữ liệu tthc-bot (xuất bằng "data export").`);
    switch (line.type) {
      case 'header':
        header = true;
        break;
      case 'feedback':
        records.push(line.record);
        break;
      case 'unanswered':
        questions.push(line.question);
        break;
      case 'account':
        accounts.push(line.account);
        break;
      case 'outbox':
        messages.push({ box: line.box, message: line.message });
        break;
      case 'attachment':
        photos.push({ ref: line.ref, data: line.data });
        break;
    }
  }
  if (!header) throw new DataFileError('Tệp rỗng: không có dữ liệu để nhập.');
  // Photos before the records that list them: a record never names a photo the store lacks.
  let attachmentsAdded = 0;
  for (const photo of photos) {
    if (await store.attachments.get(photo.ref.id)) continue;
    await store.attachments.put(photo.ref, Buffer.from(photo.data, 'base64'), new Date());
    attachmentsAdded++;
  }
  const restored = await store.feedback.restore(records, questions);
  let accountsAdded = 0;
  for (const account of accounts) {
    let added = false;
    await store.accounts.update(account.username, (current) => current ?? ((added = true), account));
    if (added) accountsAdded++;
  }
  let outboxAdded = 0;
  for (const box of BOXES) {
    const mine = messages.filter((m) => m.box === box).map((m) => m.message);
    if (!mine.length) continue;
    const known = await store.outbox(box).known(mine.map((m) => m.id));
    await store.outbox(box).add(mine);
    outboxAdded += mine.length - known.size;
  }
  const imported = { feedback: restored.feedback, unanswered: restored.unanswered, accounts: accountsAdded, outbox: outboxAdded, attachments: attachmentsAdded };
  return {
    imported,
    skipped: { feedback: records.length - imported.feedback, unanswered: questions.length - imported.unanswered, accounts: accounts.length - accountsAdded, outbox: messages.length - outboxAdded, attachments: photos.length - attachmentsAdded },
  };
}
