// A terminal window onto the engine: what it answers, what it asks back, and what
// it admits it does not know. The full conversation (menus, feedback) builds on this.
import { createInterface } from 'node:readline/promises';
import { CATEGORIES } from '../../knowledge/schema.ts';
import type { Entry, Settings } from '../../knowledge/schema.ts';
import { answerSections, sectionsToPlainText } from '../../knowledge/render-answer.ts';
import type { SearchEngine } from '../../search/engine.ts';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export function noAnswerText(settings: Settings): string {
  const menu = Object.entries(CATEGORIES)
    .filter(([id]) => id !== 'smalltalk')
    .map(([, label]) => `• ${label}`)
    .join('\n');
  return [
    'Xin lỗi, tôi chưa có câu trả lời cho câu hỏi này.',
    `Bạn có thể hỏi về các chủ đề:\n${menu}`,
    `Hoặc liên hệ ${settings.office.name} (${settings.office.address}, điện thoại ${settings.office.phone}).`,
  ].join('\n\n');
}

export async function runChat(engine: SearchEngine, settings: Settings, io: ChatIo): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const say = (text: string) => io.output.write(`\n${text}\n\n> `);
  const show = (entry: Entry) => say(sectionsToPlainText(answerSections(entry, settings)));
  let options: Entry[] = [];
  say(`Xin chào! Tôi là trợ lý thủ tục hành chính của ${settings.unit.committee}. Bạn cần hỏi gì? (gõ "thoat" để thoát)`);
  for await (const line of rl) {
    const text = line.trim();
    if (/^(thoat|thoát|exit|quit)$/i.test(text)) break;
    const choice = Number(text);
    if (options.length && Number.isInteger(choice) && choice >= 1 && choice <= options.length) {
      show(options[choice - 1]!);
      options = [];
      continue;
    }
    const outcome = engine.search(text);
    options = [];
    if (outcome.decision === 'answer') show(outcome.hits[0]!.entry);
    else if (outcome.decision === 'clarify') {
      options = outcome.hits.slice(0, 3).map((h) => h.entry);
      say(`Bạn muốn hỏi về:\n${options.map((e, i) => `${i + 1}. ${e.title}`).join('\n')}\n(Trả lời bằng số)`);
    } else say(noAnswerText(settings));
  }
  rl.close();
  io.output.write('\nTạm biệt!\n');
}
