// Made-up feedback and data folders in temp dirs, so storage tests run on real files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FeedbackRecord, NewFeedback, UnansweredQuestion } from '../../src/feedback/record.ts';
import { newTrackingCode } from '../../src/feedback/tracking-code.ts';

const made: string[] = [];

export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-storage-'));
  made.push(dir);
  return dir;
}

/** For afterAll: removes the dirs tempDataDir made. */
export function removeTempDataDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function sampleFeedback(i: number, extra: Partial<NewFeedback> = {}): NewFeedback {
  return {
    kind: i % 2 === 0 ? 'phan-anh' : 'kien-nghi',
    category: 'land',
    content: `Phản ánh số ${i}: hồ sơ cấp sổ đỏ nộp đã ba tháng chưa có kết quả.`,
    sender: { name: `Nguyễn Văn Thử ${i}`, phone: '0912345678', address: 'Số 1 Đường Thử, Phường Mẫu', consentAt: '2026-10-01T01:00:00.000Z' },
    from: { channel: 'telegram', chatId: `chat-${i}`, userId: `user-${i}` },
    ...extra,
  };
}

export function sampleQuestion(at: string, query = 'giá vàng hôm nay'): UnansweredQuestion {
  return { at, channel: 'web', query, reason: 'no-answer', candidates: [{ id: 'general.office-hours', score: 0.21 }] };
}

/**
 * Writes a quarter file of `count` stored records directly, much faster than submitting
 * them. Pass the same `codes` when seeding several files: codes must be unique across them.
 */
export function seedFeedbackFile(path: string, count: number, createdAt: Date, codes = new Set<string>()): void {
  const at = createdAt.toISOString();
  const records = Array.from({ length: count }, (_, i): FeedbackRecord => {
    const code = newTrackingCode((c) => codes.has(c));
    codes.add(code);
    return { code, ...sampleFeedback(i), createdAt: at, status: 'moi', history: [{ at, status: 'moi', by: 'nguoi-dan' }] };
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ records }, null, 2));
}
