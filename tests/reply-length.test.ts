// A first reply fits one phone screen: over every sample question of the knowledge base, a
// focused question's reply (what it asked first) stays within 900 characters at p95, a
// general one's overview within 1,500, no first reply has more than four buttons to the
// rest of the entry, and none lists its buttons again as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { sectionsToPlainText } from '../src/conversation/sections.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { aspectsOf } from '../src/search/aspects.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-length-')) });
});
afterAll(() => bot.close());

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

describe('first replies', () => {
  it('fit a phone screen, with at most four buttons and no button repeated as a line', async () => {
    const questions = loadKnowledge([DEFAULT_KNOWLEDGE_DIR]).entries.filter((e) => e.kind !== 'smalltalk').flatMap((e) => e.questions);
    const focused: number[] = [];
    const general: number[] = [];
    let n = 0;
    for (const q of questions) {
      const turn = await bot.conversation.respond({ channel: 'terminal', userId: `c${n}`, chatId: `c${n++}`, input: { kind: 'text', text: q } });
      const first = turn.replies[0];
      if (!turn.answered || !first) continue;
      const text = sectionsToPlainText(first.sections);
      (aspectsOf(q).length ? focused : general).push(text.length);
      expect(first.buttons.length, q).toBeLessThanOrEqual(4);
      for (const b of first.buttons) expect(text, q).not.toContain(b.label.replace(/^\S+\s/, ''));
    }
    expect(focused.length).toBeGreaterThan(100);
    expect(general.length).toBeGreaterThan(100);
    expect(p95(focused)).toBeLessThanOrEqual(900);
    expect(p95(general)).toBeLessThanOrEqual(1_500);
  }, 120_000);
});
