// Webhook mode: the real telegraf serves the webhook on 127.0.0.1 and registers it with
// the (fake) Bot API; updates without Telegram's secret token header are refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { freePort } from './helpers/service-process.ts';

const SECRET = 'webhook-secret-for-tests-0123456789';
const CITIZEN = 9_001;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('Telegram webhook mode', () => {
  it('registers the webhook with its secret, handles updates that carry it and refuses those that do not', async () => {
    const api = await FakeTelegramApi.start();
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-webhook-'));
    const channel = new TelegramChannel({
      token: FAKE_TOKEN,
      apiRoot: api.apiRoot,
      sent: new HandledIdsFile(join(dataDir, 'telegram-sent.txt')),
      limits: { perChatMs: 10 },
      log: () => undefined,
      webhook: { url: 'https://bot.example.test/telegram-hook', port, host: '127.0.0.1', secretToken: SECRET },
    });
    const bot: Bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir }, { citizenRoutes: { telegram: channel.citizenDestination } });
    cleanup = async () => {
      await channel.stop();
      await bot.close();
      await api.close();
    };
    channel.attach(bot);
    await channel.start();

    const registered = api.callsOf('setWebhook');
    expect(registered).toHaveLength(1);
    expect(registered[0]!.body).toMatchObject({ url: 'https://bot.example.test/telegram-hook', secret_token: SECRET });
    expect(api.callsOf('getUpdates')).toHaveLength(0);

    const update = (id: number, text: string) => ({
      update_id: id,
      message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: CITIZEN, type: 'private', first_name: 'An' }, from: { id: CITIZEN, is_bot: false, first_name: 'An' }, text },
    });
    const post = (body: unknown, secret?: string) =>
      fetch(`http://127.0.0.1:${port}/telegram-hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: JSON.stringify(body),
      });

    expect((await post(update(1, 'thủ tục khai tử'))).status).toBe(403);
    expect((await post(update(2, 'thủ tục khai tử'), 'wrong-secret-wrong-secret')).status).toBe(403);
    expect((await post(update(3, 'thủ tục khai tử'), SECRET)).status).toBe(200);

    const deadline = Date.now() + 8_000;
    while (!api.sentTo(CITIZEN).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sent = api.sentTo(CITIZEN);
    expect(sent).toHaveLength(1); // only the update with the right secret was handled
    expect(sent[0]!.text).toMatch(/KHAI TỬ|khai tử/i);
  });
});
