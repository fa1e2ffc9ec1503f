// The ChatTranscriptStore contract: what a reloaded web chat shows again.
import { describe, expect, it } from 'vitest';
import { TRANSCRIPT_KEEP, type TranscriptEntry } from '../../src/conversation/transcript.ts';
import { DAY, type StoreTarget } from './target.ts';

const mine = (text: string, at = new Date().toISOString()): TranscriptEntry => ({ at, who: 'me', text });
const bot = (line: string, at = new Date().toISOString()): TranscriptEntry => ({
  at,
  who: 'bot',
  sections: [{ heading: 'Đăng ký khai sinh', lines: [line, 'Giấy chứng sinh.'], style: 'list' }],
  buttons: [{ label: '📖 Xem đầy đủ', payload: 'full:civil.birth' }],
});

export function chatTranscriptsContract(target: StoreTarget): void {
  describe('chat transcripts', () => {
    it('keeps each citizen\'s exchange in order, apart from the others, as it was', async () => {
      const { transcripts } = await target.open();
      expect(await transcripts.list('citizen-1')).toEqual([]);
      await transcripts.append('citizen-1', [mine('làm khai sinh cần gì'), bot('Tờ khai.')]);
      await transcripts.append('citizen-2', [mine('cấp lại căn cước')]);
      await transcripts.append('citizen-1', [mine('bao lâu')]);
      const list = await transcripts.list('citizen-1');
      expect(list.map((e) => (e.who === 'me' ? e.text : e.sections[0]!.lines[0]))).toEqual(['làm khai sinh cần gì', 'Tờ khai.', 'bao lâu']);
      expect(list[1]).toEqual(bot('Tờ khai.', list[1]!.at));
      expect((await transcripts.list('citizen-2')).map((e) => e.who)).toEqual(['me']);
    });

    it(`keeps the newest ${TRANSCRIPT_KEEP} entries of the last 30 days`, async () => {
      const { transcripts } = await target.open();
      const now = Date.now();
      await transcripts.append('citizen-1', [mine('cũ', new Date(now - 31 * DAY).toISOString()), mine('gần đây', new Date(now - 29 * DAY).toISOString())]);
      expect((await transcripts.list('citizen-1')).map((e) => (e.who === 'me' ? e.text : ''))).toEqual(['gần đây']);
      for (let i = 1; i <= TRANSCRIPT_KEEP + 5; i++) await transcripts.append('citizen-1', [mine(`câu ${i}`)]);
      const kept = (await transcripts.list('citizen-1')).map((e) => (e.who === 'me' ? e.text : ''));
      expect(kept).toEqual(Array.from({ length: TRANSCRIPT_KEEP }, (_, i) => `câu ${i + 6}`));
    });

    it('loses nothing when one page sends several messages at once', async () => {
      const { transcripts } = await target.open();
      await Promise.all(Array.from({ length: 8 }, (_, i) => transcripts.append('citizen-1', [mine(`tin ${i}`)])));
      expect((await transcripts.list('citizen-1')).map((e) => (e.who === 'me' ? e.text : '')).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `tin ${i}`).sort());
    });
  });
}
