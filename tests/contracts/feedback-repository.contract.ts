// The FeedbackRepository contract: what the conversation and the staff tools may rely on,
// whichever store keeps the records.
import { describe, expect, it, vi } from 'vitest';
import { CODE_ALPHABET } from '../../src/feedback/tracking-code.ts';
import type { FeedbackFilter, FeedbackRepository } from '../../src/feedback/record.ts';
import { sampleFeedback, sampleQuestion } from '../helpers/feedback-fixtures.ts';
import { clock, warmUp, type StoreTarget } from './target.ts';

const CODE = new RegExp(`^PA-[${CODE_ALPHABET}]{6}$`);

const codesOf = async (repo: FeedbackRepository, filter?: FeedbackFilter) => (await repo.list(filter)).map((r) => r.code);

export function feedbackRepositoryContract(target: StoreTarget): void {
  const repoWith = async (...times: string[]) => (await target.open(times.length ? { now: clock(...times) } : {})).feedback;

  describe('feedback repository: submit and get', () => {
    it('files a new record with status "moi", a readable code and its creation in the history', async () => {
      const repo = await repoWith('2026-11-02T03:04:05.000Z');
      const record = await repo.submit(sampleFeedback(1));
      expect(record.code).toMatch(CODE);
      expect(record).toMatchObject({ status: 'moi', createdAt: '2026-11-02T03:04:05.000Z', content: sampleFeedback(1).content, sender: sampleFeedback(1).sender });
      expect(record.history).toEqual([{ at: '2026-11-02T03:04:05.000Z', status: 'moi', by: 'nguoi-dan' }]);
      expect(await repo.get(record.code)).toEqual(record);
    });

    it('finds a code however it is typed: lower case, spaces, no dash, no prefix', async () => {
      const repo = await repoWith();
      const { code } = await repo.submit(sampleFeedback(1));
      const body = code.slice(3);
      for (const typed of [code, code.toLowerCase(), `pa ${body.toLowerCase()}`, `PA${body}`, ` ${body.toLowerCase()} `, `pa - ${body}`]) {
        expect((await repo.get(typed))?.code, typed).toBe(code);
      }
      expect(await repo.get('PA-AAAAAA')).toBeUndefined();
      expect(await repo.get('')).toBeUndefined();
    });

    it('rejects invalid feedback without storing it, and names the field but not its value', async () => {
      const repo = await repoWith();
      await expect(repo.submit(sampleFeedback(1, { content: '' }))).rejects.toThrow(/Phản ánh không hợp lệ: content/);
      const error = await repo.submit(sampleFeedback(2, { sender: { name: '', phone: '0987654321', consentAt: 'x' } })).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/sender\.name/);
      expect((error as Error).message).not.toContain('0987654321');
      expect(await repo.list()).toEqual([]);
    });

    it('files a draft once: the same submissionId gives back the record filed first', async () => {
      const repo = await repoWith();
      const first = await repo.submit(sampleFeedback(1, { submissionId: 'draft-1' }));
      const again = await repo.submit(sampleFeedback(1, { submissionId: 'draft-1' }));
      const other = await repo.submit(sampleFeedback(2, { submissionId: 'draft-2' }));
      expect(again).toEqual(first);
      expect(other.code).not.toBe(first.code);
      expect((await repo.list()).map((r) => r.submissionId).sort()).toEqual(['draft-1', 'draft-2']);
    });

    it('files a draft once when it is confirmed several times at the same moment', async () => {
      const store = await target.open();
      await warmUp(store);
      const repo = store.feedback;
      const results = await Promise.all(Array.from({ length: 6 }, () => repo.submit(sampleFeedback(1, { submissionId: 'draft-twice' }))));
      expect(new Set(results.map((r) => r.code)).size).toBe(1);
      expect(await repo.list()).toHaveLength(1);
    });

    it('gives each of many records submitted at once its own code', async () => {
      const repo = await repoWith();
      const records = await Promise.all(Array.from({ length: 200 }, (_, i) => repo.submit(sampleFeedback(i))));
      expect(new Set(records.map((r) => r.code)).size).toBe(200);
      const stored = await repo.list();
      expect(stored).toHaveLength(200);
      expect(new Set(stored.map((r) => r.content))).toEqual(new Set(records.map((r) => r.content)));
    });

    it('keeps the ward a record was sent to', async () => {
      const repo = await repoWith();
      const { code } = await repo.submit(sampleFeedback(1, { unit: 'phuong-ben-nghe' }));
      expect((await repo.get(code))?.unit).toBe('phuong-ben-nghe');
    });

    it('logs nothing, whatever happens', async () => {
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
      try {
        const repo = await repoWith();
        const { code } = await repo.submit(sampleFeedback(1));
        await repo.answer(code, 'Đã chuyển Văn phòng đăng ký đất đai.', 'can-bo-1');
        await expect(repo.setStatus(code, 'moi', 'can-bo-1')).rejects.toThrow();
        await expect(repo.submit(sampleFeedback(2, { content: '' }))).rejects.toThrow();
        await repo.list({ text: 'Nguyễn' });
        for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  });

  describe('feedback repository: answer and setStatus', () => {
    it('answers: status "da-tra-loi", the answer and a history entry', async () => {
      const repo = await repoWith('2026-10-05T01:00:00.000Z', '2026-10-07T09:30:00.000Z');
      const { code } = await repo.submit(sampleFeedback(1));
      const answered = await repo.answer(code.toLowerCase(), 'Hồ sơ đã có kết quả, mời ông đến nhận.', 'can-bo-7');
      expect(answered.status).toBe('da-tra-loi');
      expect(answered.answer).toEqual({ text: 'Hồ sơ đã có kết quả, mời ông đến nhận.', by: 'can-bo-7', at: '2026-10-07T09:30:00.000Z' });
      expect(answered.history.map((h) => [h.status, h.by, h.at])).toEqual([
        ['moi', 'nguoi-dan', '2026-10-05T01:00:00.000Z'],
        ['da-tra-loi', 'can-bo-7', '2026-10-07T09:30:00.000Z'],
      ]);
      expect(await repo.get(code)).toEqual(answered);
      await expect(repo.answer(code, '   ', 'can-bo-7')).rejects.toThrow(/không được để trống/);
    });

    it('follows NEXT_STATUSES and refuses other transitions with a message in Vietnamese', async () => {
      const repo = await repoWith();
      const { code } = await repo.submit(sampleFeedback(1));
      await repo.setStatus(code, 'dang-xu-ly', 'can-bo-1', 'Đã chuyển phòng Tài nguyên');
      await expect(repo.setStatus(code, 'moi', 'can-bo-1')).rejects.toThrow(
        `Không thể chuyển phản ánh ${code} từ "Đang xử lý" sang "Mới": chỉ có thể chuyển sang "Đã trả lời", "Đã chuyển cơ quan khác", "Đã đóng".`,
      );
      await repo.setStatus(code, 'da-dong', 'can-bo-1');
      await expect(repo.answer(code, 'Trả lời muộn', 'can-bo-1')).rejects.toThrow(/từ "Đã đóng" sang "Đã trả lời"/);
      const reopened = await repo.setStatus(code, 'dang-xu-ly', 'can-bo-2');
      expect(reopened.history.map((h) => h.status)).toEqual(['moi', 'dang-xu-ly', 'da-dong', 'dang-xu-ly']);
      expect(reopened.history[1]!.note).toBe('Đã chuyển phòng Tài nguyên');
      expect(reopened.history[2]).not.toHaveProperty('note');
      expect((await repo.get(code))?.status).toBe('dang-xu-ly');
    });

    it('checks each of concurrent changes against the state the one before left', async () => {
      const repo = await repoWith();
      const { code } = await repo.submit(sampleFeedback(1));
      const results = await Promise.allSettled([
        repo.setStatus(code, 'da-dong', 'a'),
        repo.setStatus(code, 'da-dong', 'b'), // closed already: not allowed
        repo.setStatus(code, 'dang-xu-ly', 'c'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await repo.get(code))?.history.map((h) => h.by)).toEqual(['nguoi-dan', 'a', 'c']);
    });

    it('throws for an unknown code', async () => {
      const repo = await repoWith();
      await expect(repo.setStatus('PA-AAAAAA', 'da-dong', 'x')).rejects.toThrow('Không có phản ánh nào mang mã PA-AAAAAA.');
      await expect(repo.answer('PA-AAAAAA', 'x', 'x')).rejects.toThrow(/Không có phản ánh/);
    });
  });

  describe('feedback repository: lists', () => {
    it('filters by status, category and inclusive dates (Vietnamese calendar days), newest first', async () => {
      const repo = await repoWith(
        '2026-10-01T02:00:00.000Z', // 1 Oct
        '2026-10-02T16:59:59.999Z', // 2 Oct, 23:59:59.999 in Vietnam
        '2026-10-02T17:00:00.000Z', // 3 Oct, 00:00 in Vietnam
        '2026-10-04T02:00:00.000Z',
      );
      const a = await repo.submit(sampleFeedback(1));
      const b = await repo.submit(sampleFeedback(2, { category: 'civil' }));
      const c = await repo.submit(sampleFeedback(3));
      const d = await repo.submit(sampleFeedback(4, { category: undefined }));
      expect(await codesOf(repo)).toEqual([d.code, c.code, b.code, a.code]);
      expect(await codesOf(repo, { category: 'civil' })).toEqual([b.code]);
      expect(await codesOf(repo, { from: '2026-10-02', to: '2026-10-02' })).toEqual([b.code]);
      expect(await codesOf(repo, { from: '2026-10-03' })).toEqual([d.code, c.code]);
      expect(await codesOf(repo, { to: '2026-10-01' })).toEqual([a.code]);
      expect(await codesOf(repo, { from: '2026-10-02T16:59:59.999Z', to: '2026-10-02T17:00:00Z' })).toEqual([c.code, b.code]);
      await repo.setStatus(c.code, 'da-chuyen', 'x');
      expect(await codesOf(repo, { status: 'moi' })).toEqual([d.code, b.code, a.code]);
      expect(await codesOf(repo, { status: 'da-chuyen', category: 'land' })).toEqual([c.code]);
      await expect(repo.list({ from: '2026-02-30' })).rejects.toThrow(/Ngày "2026-02-30" không hợp lệ/);
      await expect(repo.list({ to: '01/10/2026' })).rejects.toThrow(/không hợp lệ/);
    });

    it('filters by channel', async () => {
      const repo = await repoWith();
      const web = await repo.submit(sampleFeedback(1, { from: { channel: 'web', chatId: 'w', userId: 'w' } }));
      const zalo = await repo.submit(sampleFeedback(2, { from: { channel: 'zalo-bot', chatId: 'z', userId: 'z' } }));
      expect(await codesOf(repo, { channel: 'web' })).toEqual([web.code]);
      expect(await codesOf(repo, { channel: 'zalo-bot' })).toEqual([zalo.code]);
      expect(await codesOf(repo, { channel: 'telegram' })).toEqual([]);
    });

    it('finds words, without diacritics or case, all of them, in the code, content, sender or answer', async () => {
      const repo = await repoWith();
      const pipe = await repo.submit(sampleFeedback(1, { content: 'Ống nước sạch trước nhà bị vỡ, nước tràn ra ngõ.' }));
      const light = await repo.submit(
        sampleFeedback(2, {
          content: 'Đèn chiếu sáng hỏng.',
          sender: { name: 'Trần Thị Lộc', phone: '0977111222', address: 'Tổ 5, khu phố Hòa Bình', consentAt: '2026-10-01T01:00:00.000Z' },
        }),
      );
      const other = await repo.submit(sampleFeedback(3, { content: 'Xin hỏi về lệ phí trước bạ.' }));
      const found = (text: string) => codesOf(repo, { text });
      expect(await found('NUOC sach')).toEqual([pipe.code]);
      expect(await found('ống nước')).toEqual([pipe.code]);
      expect(await found('nuoc den')).toEqual([]);
      expect(await found('LỘC')).toEqual([light.code]);
      expect(await found('0977111222')).toEqual([light.code]);
      expect(await found('hoa binh')).toEqual([light.code]);
      expect(await found(other.code.toLowerCase())).toEqual([other.code]);
      expect(await found('truoc')).toEqual([other.code, pipe.code]);
      expect(await found('kín rò')).toEqual([]);
      await repo.answer(pipe.code, 'Đã hàn kín chỗ rò rỉ.', 'can-bo-1');
      expect(await found('KIN ro')).toEqual([pipe.code]);
      expect(await codesOf(repo, { text: 'truoc', status: 'moi' })).toEqual([other.code]);
      // Nothing left to look for once folded: every record matches.
      expect(await found('%')).toHaveLength(3);
    });

    it('filters by ward', async () => {
      const repo = await repoWith();
      const a = await repo.submit(sampleFeedback(1, { unit: 'phuong-a' }));
      const b = await repo.submit(sampleFeedback(2, { unit: 'phuong-b' }));
      const a2 = await repo.submit(sampleFeedback(3, { unit: 'phuong-a' }));
      await repo.submit(sampleFeedback(4));
      expect(await codesOf(repo, { unit: 'phuong-a' })).toEqual([a2.code, a.code]);
      expect(await codesOf(repo, { unit: 'phuong-b' })).toEqual([b.code]);
      expect((await repo.page({ unit: 'phuong-a' }, 0, 1)).total).toBe(2);
      await repo.setStatus(a.code, 'dang-xu-ly', 'x');
      expect(await codesOf(repo, { unit: 'phuong-a', status: 'moi' })).toEqual([a2.code]);
    });

    it('lists records filed at the same instant last filed first', async () => {
      const repo = await repoWith('2026-10-01T00:00:00.000Z');
      const filed = [];
      for (let i = 0; i < 5; i++) filed.push((await repo.submit(sampleFeedback(i))).code);
      expect(await codesOf(repo)).toEqual(filed.reverse());
    });

    it('pages newest first, with how many match in all', async () => {
      const repo = await repoWith(...Array.from({ length: 7 }, (_, i) => `2026-10-0${i + 1}T03:00:00.000Z`));
      const codes = [];
      for (let i = 0; i < 7; i++) codes.push((await repo.submit(sampleFeedback(i))).code);
      const newest = [...codes].reverse();
      const page = async (filter: FeedbackFilter, offset: number, limit: number) => {
        const p = await repo.page(filter, offset, limit);
        return { codes: p.records.map((r) => r.code), total: p.total };
      };
      expect(await page({}, 0, 3)).toEqual({ codes: newest.slice(0, 3), total: 7 });
      expect(await page({}, 3, 3)).toEqual({ codes: newest.slice(3, 6), total: 7 });
      expect(await page({}, 6, 3)).toEqual({ codes: newest.slice(6), total: 7 });
      expect(await page({}, 9, 3)).toEqual({ codes: [], total: 7 });
      await repo.setStatus(codes[1]!, 'dang-xu-ly', 'x');
      await repo.setStatus(codes[4]!, 'dang-xu-ly', 'x');
      expect(await page({ status: 'dang-xu-ly' }, 0, 1)).toEqual({ codes: [codes[4]], total: 2 });
      expect(await page({ status: 'dang-xu-ly' }, 1, 5)).toEqual({ codes: [codes[1]], total: 2 });
      expect(await page({ from: '2026-10-03', to: '2026-10-05' }, 0, 10)).toEqual({ codes: newest.slice(2, 5), total: 3 });
      expect(await page({ text: 'khong co dau' }, 0, 10)).toEqual({ codes: [], total: 0 });
    });

    it('counts the records a citizen filed since a time', async () => {
      const repo = await repoWith('2026-10-01T01:00:00.000Z', '2026-10-02T01:00:00.000Z', '2026-10-02T05:00:00.000Z', '2026-10-02T06:00:00.000Z', '2026-10-02T07:00:00.000Z');
      const me = { channel: 'telegram' as const, chatId: 'c-1', userId: 'u-1' };
      await repo.submit(sampleFeedback(1, { from: me }));
      await repo.submit(sampleFeedback(2, { from: me }));
      await repo.submit(sampleFeedback(3, { from: me }));
      await repo.submit(sampleFeedback(4, { from: { ...me, channel: 'zalo-bot' } }));
      await repo.submit(sampleFeedback(5, { from: { ...me, userId: 'u-2' } }));
      expect(await repo.countFrom(me, new Date('2026-10-02T01:00:00.000Z'))).toBe(2);
      expect(await repo.countFrom(me, new Date('2026-09-01T00:00:00.000Z'))).toBe(3);
      expect(await repo.countFrom(me, new Date('2026-10-03T00:00:00.000Z'))).toBe(0);
      expect(await repo.countFrom({ channel: 'zalo-bot', userId: 'u-1' }, new Date(0))).toBe(1);
    });

    it('keeps everything across a restart', async () => {
      const times = ['2026-06-30T12:00:00.000Z', '2026-07-01T12:00:00.000Z', '2026-07-02T12:00:00.000Z'];
      const store = await target.open({ now: clock(...times) });
      const a = await store.feedback.submit(sampleFeedback(1));
      const b = await store.feedback.submit(sampleFeedback(2, { candidates: [{ id: 'land.transfer', score: 0.4 }], submissionId: 'draft-b' }));
      await store.feedback.answer(a.code, 'Đã giải quyết.', 'can-bo-1');
      await store.feedback.logUnanswered(sampleQuestion('2026-07-03T00:00:00.000Z'));
      const before = { list: await store.feedback.list(), unanswered: await store.feedback.unanswered() };

      const again = (await target.reopen(store)).feedback;
      expect(await again.list()).toEqual(before.list);
      expect(await again.unanswered()).toEqual(before.unanswered);
      expect((await again.get(b.code))?.candidates).toEqual([{ id: 'land.transfer', score: 0.4 }]);
      // The draft is still known as filed after the restart.
      expect((await again.submit(sampleFeedback(2, { submissionId: 'draft-b' }))).code).toBe(b.code);
      expect(await again.list()).toHaveLength(2);
    });
  });

  describe('feedback repository: restore (moving between stores)', () => {
    it('puts records and questions back exactly as they were, skips codes and ids it has, and finds them as usual', async () => {
      const source = await repoWith('2026-10-05T01:00:00.000Z', '2026-11-20T02:00:00.000Z');
      const first = await source.submit(sampleFeedback(1, { unit: 'phuong-b-lao' }));
      const second = await source.answer((await source.submit(sampleFeedback(2))).code, 'Đã xử lý xong.', 'web:canbo');
      await source.logUnanswered(sampleQuestion('2026-11-20T02:00:00.000Z'));
      const records = await source.list();
      const questions = await source.unanswered();

      const target_ = await repoWith();
      expect(await target_.restore(records, questions)).toEqual({ feedback: 2, unanswered: 1 });
      expect(await target_.restore(records, questions)).toEqual({ feedback: 0, unanswered: 0 });
      expect(await target_.get(first.code)).toEqual(first);
      expect(await target_.get(second.code)).toEqual(second);
      expect(await codesOf(target_)).toEqual(records.map((r) => r.code));
      expect(await codesOf(target_, { unit: 'phuong-b-lao' })).toEqual([first.code]);
      expect(await target_.unanswered()).toEqual(questions);
      // Filed afresh afterwards: a new code, the restored ones untouched.
      const later = await target_.submit(sampleFeedback(3));
      expect([first.code, second.code]).not.toContain(later.code);
    });
  });

  describe('feedback repository: unanswered questions', () => {
    it('logs questions with an id and only the fields of the schema, newest first, filtered by date, ward and being open', async () => {
      const repo = await repoWith();
      await repo.logUnanswered(sampleQuestion('2026-12-31T16:59:00.000Z', 'hỏi cuối năm'));
      await repo.logUnanswered({ ...sampleQuestion('2026-12-31T17:00:00.000Z', 'hỏi đầu năm'), unit: 'phuong-a' });
      await repo.logUnanswered({ ...sampleQuestion('2026-12-01T00:00:00.000Z', 'hỏi tháng 12'), name: 'Trần Thị Lộ' } as never);
      await repo.logUnanswered({ ...sampleQuestion('2026-12-15T00:00:00.000Z', 'hỏi có mã'), id: 'q-given' });
      const all = await repo.unanswered();
      expect(all.map((q) => q.query)).toEqual(['hỏi đầu năm', 'hỏi cuối năm', 'hỏi có mã', 'hỏi tháng 12']);
      expect(all[0]).toEqual({ ...sampleQuestion('2026-12-31T17:00:00.000Z', 'hỏi đầu năm'), unit: 'phuong-a', id: all[0]!.id });
      expect(all.every((q) => typeof q.id === 'string' && q.id.length > 0)).toBe(true);
      expect(new Set(all.map((q) => q.id)).size).toBe(4);
      expect(all[2]!.id).toBe('q-given');
      expect(JSON.stringify(all)).not.toContain('Trần Thị Lộ');
      expect((await repo.unanswered({ from: '2027-01-01' })).map((q) => q.query)).toEqual(['hỏi đầu năm']);
      expect((await repo.unanswered({ to: '2026-12-15' })).map((q) => q.query)).toEqual(['hỏi có mã', 'hỏi tháng 12']);
      expect((await repo.unanswered({ unit: 'phuong-a' })).map((q) => q.query)).toEqual(['hỏi đầu năm']);
      await expect(repo.logUnanswered(sampleQuestion('hôm qua'))).rejects.toThrow(/at: ngày giờ không hợp lệ/);
      await expect(repo.unanswered({ from: '2026-13-01' })).rejects.toThrow(/không hợp lệ/);
    });

    it('marks questions dealt with once, by id, and counts those it changed', async () => {
      const repo = await repoWith();
      for (let i = 1; i <= 4; i++) await repo.logUnanswered({ ...sampleQuestion(`2026-11-0${i}T00:00:00.000Z`, `câu ${i}`), id: `q-${i}` });
      const added = { how: 'added' as const, entryId: 'land.transfer', by: 'can-bo-1', at: '2026-11-10T00:00:00.000Z' };
      expect(await repo.resolveUnanswered(['q-1', 'q-3', 'q-unknown'], added)).toBe(2);
      expect(await repo.resolveUnanswered(['q-1', 'q-2'], { how: 'dismissed', by: 'can-bo-2', at: '2026-11-11T00:00:00.000Z' })).toBe(1);
      expect(await repo.resolveUnanswered([], added)).toBe(0);
      const byId = Object.fromEntries((await repo.unanswered()).map((q) => [q.id, q.resolved]));
      expect(byId).toEqual({ 'q-1': added, 'q-2': { how: 'dismissed', by: 'can-bo-2', at: '2026-11-11T00:00:00.000Z' }, 'q-3': added, 'q-4': undefined });
      expect((await repo.unanswered({ open: true })).map((q) => q.id)).toEqual(['q-4']);
    });

    it('marks only the given ward\'s questions when asked for one ward', async () => {
      const repo = await repoWith();
      await repo.logUnanswered({ ...sampleQuestion('2026-11-01T00:00:00.000Z', 'câu phường a'), id: 'q-a', unit: 'phuong-a' });
      await repo.logUnanswered({ ...sampleQuestion('2026-11-02T00:00:00.000Z', 'câu phường b'), id: 'q-b', unit: 'phuong-b' });
      await repo.logUnanswered({ ...sampleQuestion('2026-11-03T00:00:00.000Z', 'câu toàn tỉnh'), id: 'q-all' });
      const dismissed = { how: 'dismissed' as const, by: 'web:b', at: '2026-11-10T00:00:00.000Z' };
      expect(await repo.resolveUnanswered(['q-a', 'q-all', 'q-b'], dismissed, { unit: 'phuong-b' })).toBe(1);
      expect((await repo.unanswered({ open: true })).map((q) => q.id).sort()).toEqual(['q-a', 'q-all']);
      expect(await repo.resolveUnanswered(['q-a', 'q-all'], dismissed, {})).toBe(2);
    });
  });

  const replica = target.replica;
  if (replica) {
    describe('feedback repository: two replicas on one database', () => {
      it('file a draft once when both confirm it at the same moment', async () => {
        const one = await target.open();
        const two = await replica(one);
        await Promise.all([warmUp(one), warmUp(two)]);
        for (let i = 0; i < 10; i++) {
          const draft = sampleFeedback(i, { submissionId: `draft-${i}` });
          const [a, b] = await Promise.all([one.feedback.submit(draft), two.feedback.submit(draft)]);
          expect(b.code).toBe(a.code);
        }
        expect(await one.feedback.list()).toHaveLength(10);
      });

      it('change a record one after the other, each from the state the other left', async () => {
        const one = await target.open();
        const two = await replica(one);
        const { code } = await one.feedback.submit(sampleFeedback(1));
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => (i % 2 ? two : one).feedback.setStatus(code, 'da-dong', `can-bo-${i}`)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect((await two.feedback.get(code))?.history.map((h) => h.status)).toEqual(['moi', 'da-dong']);
      });
    });
  }
}
