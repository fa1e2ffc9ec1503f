// The casework contract: deadlines kept and sorted by, assignment and corrected fields with
// their history, the citizen's rating, and the photos store, on whichever store keeps them.
import { describe, expect, it } from 'vitest';
import { prepareImage } from '../../src/feedback/attachments.ts';
import { sampleFeedback } from '../helpers/feedback-fixtures.ts';
import { hasMetadata, photoWithGps } from '../helpers/images.ts';
import { DAY, manualClock, type StoreTarget } from './target.ts';

export function caseworkContract(target: StoreTarget): void {
  describe('casework: deadlines, assignment, fields, ratings, photos', () => {
    it('keeps each record\'s deadline and lists the nearest first, those without one last', async () => {
      const store = await target.open();
      const repo = store.feedback;
      const late = await repo.submit(sampleFeedback(1, { due: '2027-03-01', unit: 'a' }));
      const none = await repo.submit(sampleFeedback(2, { unit: 'a' }));
      const soon = await repo.submit(sampleFeedback(3, { due: '2027-02-12', unit: 'a' }));
      const other = await repo.submit(sampleFeedback(4, { due: '2027-02-10', unit: 'b' }));
      expect((await repo.get(soon.code))?.due).toBe('2027-02-12');
      expect((await repo.list({ sort: 'deadline' })).map((r) => r.code)).toEqual([other.code, soon.code, late.code, none.code]);
      const page = await repo.page({ sort: 'deadline', unit: 'a' }, 0, 2);
      expect(page).toMatchObject({ total: 3 });
      expect(page.records.map((r) => r.code)).toEqual([soon.code, late.code]);
      expect((await repo.list({ dueOn: '2027-02-12', open: true })).map((r) => r.code)).toEqual([soon.code]);
      await repo.setStatus(soon.code, 'da-dong', 'web:an');
      expect(await repo.list({ dueOn: '2027-02-12', open: true })).toEqual([]);
      // Newest first is still the default.
      expect((await repo.list())[0]!.code).toBe(other.code);
    });

    it('assigns a record, filters by assignee, and keeps who assigned whom and when', async () => {
      const clock = manualClock('2027-02-03T02:00:00.000Z');
      const store = await target.open({ now: clock.now });
      const repo = store.feedback;
      const a = await repo.submit(sampleFeedback(1));
      const b = await repo.submit(sampleFeedback(2));
      clock.advance(DAY);
      const assigned = await repo.amend(a.code, { action: 'assign', assignee: 'binh' }, 'web:an');
      expect(assigned.assignee).toBe('binh');
      expect(assigned.status).toBe('moi');
      expect(assigned.history.at(-1)).toEqual({ at: '2027-02-04T02:00:00.000Z', status: 'moi', by: 'web:an', action: 'assign', value: 'binh' });
      await repo.amend(b.code, { action: 'assign', assignee: 'chi' }, 'web:an');
      expect((await repo.list({ assignee: 'binh' })).map((r) => r.code)).toEqual([a.code]);
      expect((await repo.page({ assignee: 'chi', sort: 'deadline' }, 0, 10)).total).toBe(1);
      const taken = await repo.amend(a.code, { action: 'assign', assignee: 'chi' }, 'web:chi');
      expect(taken.history.at(-1)).toMatchObject({ action: 'assign', value: 'chi', previous: 'binh', by: 'web:chi' });
      await expect(repo.amend(a.code, { action: 'assign', assignee: 'chi' }, 'web:chi')).rejects.toThrow(/đã giao cho chi/);
      const reopened = await target.reopen(store, { now: clock.now });
      expect((await reopened.feedback.list({ assignee: 'chi' })).map((r) => r.code).sort()).toEqual([a.code, b.code].sort());
    });

    it('corrects the field and the kind, recording both, and the kind brings its own deadline', async () => {
      const store = await target.open();
      const repo = store.feedback;
      const r = await repo.submit(sampleFeedback(1, { category: 'general', due: '2027-02-24' }));
      const fixed = await repo.amend(r.code, { action: 'category', category: 'land' }, 'web:an');
      expect(fixed.category).toBe('land');
      expect(fixed.history.at(-1)).toMatchObject({ action: 'category', value: 'land', previous: 'general' });
      expect((await repo.list({ category: 'land' })).map((x) => x.code)).toEqual([r.code]);
      const complaint = await repo.amend(r.code, { action: 'kind', kind: 'khieu-nai', due: '2027-03-22' }, 'web:an');
      expect(complaint).toMatchObject({ kind: 'khieu-nai', due: '2027-03-22' });
      expect((await repo.list({ dueOn: '2027-03-22' })).map((x) => x.code)).toEqual([r.code]);
      // The citizen is not told of the office's own changes.
      expect(complaint.history.filter((h) => h.action).map((h) => h.action)).toEqual(['category', 'kind']);
    });

    it('takes one rating per answered record, changeable for seven days, with an optional comment', async () => {
      const clock = manualClock('2027-02-03T02:00:00.000Z');
      const store = await target.open({ now: clock.now });
      const repo = store.feedback;
      const r = await repo.submit(sampleFeedback(1));
      await expect(repo.rate(r.code, 'hai-long')).rejects.toThrow(/chưa có câu trả lời/);
      await repo.answer(r.code, 'Đã sửa xong đoạn đường.', 'web:an');
      const first = await repo.rate(r.code, 'binh-thuong');
      expect(first.satisfaction).toEqual({ rating: 'binh-thuong', at: '2027-02-03T02:00:00.000Z' });
      clock.advance(2 * DAY);
      const changed = await repo.rate(r.code, 'khong-hai-long', 'Sửa chưa kỹ, vẫn còn ổ gà.');
      expect(changed.satisfaction).toEqual({ rating: 'khong-hai-long', at: '2027-02-03T02:00:00.000Z', changedAt: '2027-02-05T02:00:00.000Z', comment: 'Sửa chưa kỹ, vẫn còn ổ gà.' });
      clock.advance(6 * DAY);
      await expect(repo.rate(r.code, 'hai-long')).rejects.toThrow(/chỉ đổi được trong 7 ngày/);
      expect((await repo.get(r.code))?.satisfaction?.rating).toBe('khong-hai-long');
    });

    it('keeps photos with no metadata, readable after a restart', async () => {
      const store = await target.open();
      const prepared = await prepareImage(await photoWithGps());
      if (!prepared.ok) throw new Error(prepared.reason);
      await store.attachments.put(prepared.ref, prepared.data, new Date('2027-02-03T02:00:00Z'));
      const r = await store.feedback.submit(sampleFeedback(1, { attachments: [prepared.ref], location: { latitude: 11.94, longitude: 108.437 } }));
      const reopened = await target.reopen(store);
      const back = await reopened.feedback.get(r.code);
      expect(back?.attachments).toEqual([prepared.ref]);
      expect(back?.location).toEqual({ latitude: 11.94, longitude: 108.437 });
      const bytes = await reopened.attachments.get(prepared.ref.id);
      expect(bytes?.equals(prepared.data)).toBe(true);
      expect(hasMetadata(bytes!)).toBe(false);
      expect(await reopened.attachments.get('no-such-photo-id')).toBeUndefined();
      expect(await reopened.attachments.get('../../etc/passwd')).toBeUndefined();
    });
  });
}
