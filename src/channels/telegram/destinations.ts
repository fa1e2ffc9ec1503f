// Outbox destinations on Telegram: forwarded feedback to the Home Affairs staff chat, and
// staff answers to the citizen's own chat. Errors propagate so the outbox retries with
// backoff; a message id already sent is never sent again (kept in a small file, so a
// restart does not resend either).
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendPrivate, ensurePrivateDir } from '../../files/private-files.ts';
import type { Telegram } from 'telegraf';
import type { Destination, OutboxMessage } from '../../outbox/message.ts';
import { CHANNEL_LIMITS } from '../split-message.ts';
import { noticeToHtml, splitHtml } from './html.ts';
import type { SendQueue } from './send-queue.ts';

export const STAFF_TELEGRAM_DESTINATION = 'staff-telegram';

/** The ids of messages already sent, in memory and (when given a path) one per line on disk. */
export class SentLog {
  private ids: Promise<Set<string>> | undefined;
  constructor(private readonly path?: string) {}

  async has(key: string): Promise<boolean> {
    return (await this.load()).has(key);
  }

  async add(key: string): Promise<void> {
    (await this.load()).add(key);
    if (!this.path) return;
    await ensurePrivateDir(dirname(this.path));
    await appendPrivate(this.path, `${key}\n`);
  }

  private load(): Promise<Set<string>> {
    this.ids ??= (async () => {
      if (!this.path) return new Set<string>();
      const raw = await readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      return new Set(raw.split('\n').filter(Boolean));
    })().catch((err: unknown) => {
      this.ids = undefined;
      throw err;
    });
    return this.ids;
  }
}

/** Sends outbox messages to a Telegram chat: a fixed one, or the citizen's (`message.to.chatId`). */
export class TelegramChatDestination implements Destination {
  /** Parts already sent of a message whose later part failed: a retry sends only the rest. */
  private readonly partsSent = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly telegram: Telegram,
    private readonly queue: SendQueue,
    private readonly sent: SentLog,
    private readonly chatId?: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const key = `${this.name}:${message.id}`;
    if (await this.sent.has(key)) return;
    const chatId = this.chatId ?? (message.to?.channel === 'telegram' ? message.to.chatId : undefined);
    if (!chatId) throw new Error(`tin ${message.id} không có chat Telegram nhận`);
    const parts = splitHtml(noticeToHtml(message.text), CHANNEL_LIMITS.telegram);
    for (let i = this.partsSent.get(key) ?? 0; i < parts.length; i++) {
      await this.queue.run(chatId, () => this.telegram.sendMessage(chatId, parts[i]!, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
      this.partsSent.set(key, i + 1);
    }
    this.partsSent.delete(key);
    await this.sent.add(key);
  }
}
