// A platform may deliver a message again after the bot handled it (a replica killed before
// it answered the webhook). The channel queues a turn's replies before the session is saved,
// and the session remembers the message ids it handled: a message delivered again after
// the save changes nothing, and one delivered again before it is handled as the first time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { renderPlain } from '../src/channels/render-plain.ts';
import type { Reply } from '../src/conversation/types.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';

const opened: Bot[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});
const text = (replies: Reply[]) => replies.map((r) => renderPlain(r)).join('\n\n');

describe('a message delivered again', () => {
  it('is not handled twice once the session holds it, and the replies are handed over before the session is saved', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-redelivery-'));
    const store = await openLowdbStore(dataDir);
    const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir }, { store });
    opened.push(bot);
    const events: string[] = [];
    const say = (id: string, said: string) =>
      bot.conversation.handle(
        { channel: 'zalo-bot', userId: 'z1', chatId: 'z1', id, input: { kind: 'text', text: said } },
        {
          beforeSave: async (replies: Reply[]) => {
            // The session is not saved yet: the store still has the turn before.
            const stored = await store.sessions.get('zalo-bot:z1', new Date());
            events.push(`${id}:${replies.length}:${stored.flow.kind}:${stored.seen?.join(',') ?? ''}`);
          },
        },
      );
    expect((await say('m1', '/phananh')).length).toBeGreaterThan(0);
    const content = await say('m2', 'Đèn đường tổ 3 hỏng đã hai tuần, buổi tối rất tối');
    expect(text(content)).toMatch(/đồng ý/i);
    // m2 again: the draft's content is not taken as the answer to the consent question.
    expect(await say('m2', 'Đèn đường tổ 3 hỏng đã hai tuần, buổi tối rất tối')).toEqual([]);
    const consent = await say('m3', 'đồng ý');
    expect(text(consent)).toMatch(/họ (và )?tên/i);
    expect(events).toEqual([`m1:1:idle:`, `m2:${content.length}:feedback:m1`, 'm2:0:feedback:m1,m2', `m3:${consent.length}:feedback:m1,m2`]);
  });
});
