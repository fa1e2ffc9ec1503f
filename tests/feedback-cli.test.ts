// The staff commands end to end: the real CLI through npm, in its own process, on a data
// folder seeded with the real repository, then read back with it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import type { FeedbackRecord, NewFeedback } from '../src/feedback/record.ts';
import { quarterOf } from '../src/time/vietnam-calendar.ts';
import { openFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';

function cli(dataDir: string, args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'feedback', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TTHC_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each CLI run starts npm and tsx (1–2 s); tests that run several need more than the default.
const SEVERAL_RUNS = { timeout: 90_000 };

const SENDER = { name: 'Trần Thị Hoa', phone: '0987654321', address: '45 Lê Hồng Phong, phường B’Lao' };

const feedback = (extra: Partial<NewFeedback>): NewFeedback => ({
  kind: 'phan-anh',
  content: 'Đèn đường trên đường Lê Hồng Phong bị hỏng cả tháng nay, buổi tối rất tối, đề nghị phường sửa sớm.',
  sender: { ...SENDER, consentAt: '2026-01-01T00:00:00.000Z' },
  from: { channel: 'zalo', chatId: 'chat-1', userId: 'user-1' },
  ...extra,
});

interface Seeded {
  dir: string;
  /** Land, Zalo, created 00:30 on 1 February 2026 in Vietnam (still 31 January in UTC). */
  land: FeedbackRecord;
  /** Uncategorised question, Telegram, 15 March 2026. */
  question: FeedbackRecord;
  /** Civil status, web, 10 April 2026 (second quarter), already being handled. */
  civil: FeedbackRecord;
}

/** A data folder written by the real repository, closed again before the CLI opens it. */
async function seed(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-feedback-cli-'));
  let now = new Date('2026-01-31T17:30:00.000Z');
  const repository = await openFeedbackRepository(dir, { now: () => now, keepBackups: 0 });
  const land = await repository.submit(feedback({ category: 'land' }));
  now = new Date('2026-03-15T03:00:00.000Z');
  const question = await repository.submit(
    feedback({ kind: 'cau-hoi', content: 'Xin hỏi thủ tục tách thửa đất nông nghiệp?', from: { channel: 'telegram', chatId: 'chat-2', userId: 'user-2' } }),
  );
  now = new Date('2026-04-10T02:00:00.000Z');
  const submitted = await repository.submit(feedback({ kind: 'kien-nghi', category: 'civil', from: { channel: 'web', chatId: 'chat-3', userId: 'user-3' } }));
  const civil = await repository.setStatus(submitted.code, 'dang-xu-ly', 'Cán bộ Lan');
  const asked = [
    ['2026-02-10T02:00:00.000Z', 'Làm sổ đỏ mất bao lâu?'],
    ['2026-02-11T02:00:00.000Z', 'làm sổ đỏ mất bao lâu'.normalize('NFD')],
    ['2026-02-12T02:00:00.000Z', 'giá | vàng'],
  ] as const;
  for (const [at, query] of asked) await repository.logUnanswered({ at, channel: 'web', query, reason: 'no-answer', candidates: [] });
  await repository.close();
  return { dir, land, question, civil };
}

/** Reads a record back with the real repository, as the bot would see it. */
async function stored(dir: string, code: string): Promise<FeedbackRecord | undefined> {
  const repository = await openFeedbackRepository(dir, { keepBackups: 0 });
  try {
    return (await repository.get(code));
  } finally {
    await repository.close();
  }
}

describe('feedback list', SEVERAL_RUNS, () => {
  it('shows a compact table, newest first, without who sent what', async () => {
    const { dir, land, question, civil } = await seed();
    const { code, stdout, stderr } = cli(dir, ['list']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Mã\s+Ngày\s+Loại\s+Lĩnh vực\s+Trạng thái\s+Nội dung$/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s{2,}/)[0])).toEqual([civil.code, question.code, land.code]);
    // Dates are Vietnamese calendar days: 17:30 UTC on 31 January is 1 February in Vietnam.
    expect(lines.find((l) => l.startsWith(land.code))).toMatch(/2026-02-01\s+Phản ánh\s+Đất đai – Xây dựng\s+Mới\s+Đèn đường/);
    expect(lines.find((l) => l.startsWith(question.code))).toMatch(/Câu hỏi chưa có câu trả lời\s+—\s+Mới/);
    expect(lines.find((l) => l.startsWith(civil.code))).toContain('Đang xử lý');
    // Content is cut to about 60 characters.
    expect(lines.find((l) => l.startsWith(land.code))).toContain('…');
    expect(lines.at(-1)).toBe('3 phản ánh, kiến nghị.');
    for (const p of [SENDER.name, SENDER.phone, SENDER.address, 'chat-1']) expect(stdout).not.toContain(p);
  });

  it('filters by status and category given as keys or Vietnamese labels, and by Vietnamese days; JSON has no personal data', async () => {
    const { dir, land, civil } = await seed();
    const json = (args: string[]) => {
      const r = cli(dir, ['list', '--json', ...args]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { code: string }[];
    };
    expect(json(['--status', 'Đang xử lý', '--category', 'civil']).map((x) => x.code)).toEqual([civil.code]);
    expect(json(['--status', 'moi', '--category', 'dat dai xay dung'])).toEqual([
      { code: land.code, createdAt: land.createdAt, kind: 'phan-anh', category: 'land', status: 'moi', content: land.content },
    ]);
    // 1 February in Vietnam includes the land record (31 January in UTC); 14 March ends before the question.
    expect(json(['--from', '2026-02-01', '--to', '2026-03-14']).map((x) => x.code)).toEqual([land.code]);
  });

  it('refuses a bad category or date with a Vietnamese message and exit code 1', async () => {
    const { dir } = await seed();
    for (const [args, message] of [
      [['--category', 'thue'], /Lĩnh vực "thue" không hợp lệ\. Dùng một trong: land \(Đất đai – Xây dựng\)/],
      [['--from', '2026-02-30'], /Ngày "2026-02-30" không hợp lệ/],
    ] as const) {
      const r = cli(dir, ['list', ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('feedback show', SEVERAL_RUNS, () => {
  it('shows everything, personal data and history included, for a code typed loosely', async () => {
    const { dir, civil } = await seed();
    const { code, stdout } = cli(dir, ['show', civil.code.toLowerCase().replace('-', ' ')]);
    expect(code).toBe(0);
    for (const line of [
      `Mã: ${civil.code}`,
      'Loại: Kiến nghị',
      'Lĩnh vực: Hộ tịch – Chứng thực',
      'Trạng thái: Đang xử lý',
      'Tiếp nhận: 10/04/2026 09:00 qua Trang web',
      `Người gửi: ${SENDER.name}`,
      `Điện thoại: ${SENDER.phone}`,
      `Địa chỉ: ${SENDER.address}`,
      'Liên hệ lại qua: Trang web (cuộc trò chuyện chat-3, người dùng user-3)',
      '  10/04/2026 09:00  Đang xử lý — Cán bộ Lan',
      'Chưa có câu trả lời.',
    ])
      expect(stdout.split('\n')).toContain(line);
    expect(stdout).toContain(civil.content);
  });

  it('says so when no record has the code', async () => {
    const { dir } = await seed();
    const r = cli(dir, ['show', 'PA-XXXXXX']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Không có phản ánh, kiến nghị nào mã "PA-XXXXXX".\n');
  });
});

describe('feedback answer', SEVERAL_RUNS, () => {
  it('records the answer and queues it, addressed to the citizen, in the outbox', async () => {
    const { dir, land } = await seed();
    const { code, stdout, stderr } = cli(dir, ['answer', land.code, 'Phường đã thay bóng đèn', 'ngày 05/02/2026.', '--by', 'Cán bộ Lan']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Đã lưu câu trả lời cho ${land.code} (trạng thái: Đã trả lời).`);

    const record = await stored(dir, land.code);
    expect(record?.status).toBe('da-tra-loi');
    expect(record?.answer).toMatchObject({ text: 'Phường đã thay bóng đèn ngày 05/02/2026.', by: 'Cán bộ Lan' });
    expect(record?.history.at(-1)).toMatchObject({ status: 'da-tra-loi', by: 'Cán bộ Lan' });

    const outbox = JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8'));
    // The answer, then the satisfaction question that follows a first answer.
    expect(outbox.pending).toHaveLength(2);
    expect(outbox.pending[1]).toMatchObject({ destination: 'citizen', kind: 'satisfaction', code: land.code, id: `rate:${land.code}:citizen` });
    expect(outbox.pending[0]).toMatchObject({
      destination: 'citizen',
      kind: 'staff-answer',
      code: land.code,
      to: land.from,
      text: `Trả lời phản ánh, kiến nghị mã ${land.code}:\nPhường đã thay bóng đèn ngày 05/02/2026.`,
      attempts: 0,
    });
  });

  it('refuses a record that cannot be answered now, and queues nothing', async () => {
    const { dir, land } = await seed();
    expect(cli(dir, ['status', land.code, 'da-dong']).code).toBe(0);
    const r = cli(dir, ['answer', land.code, 'Trả lời muộn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Không thể chuyển phản ánh .* từ "Đã đóng" sang "Đã trả lời"/);
    expect((await stored(dir, land.code))?.answer).toBeUndefined();
    // Only the citizen's notice of the closing is queued; the refused answer adds nothing.
    const pending = JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8')).pending;
    expect(pending.map((m: { kind: string }) => m.kind)).toEqual(['status-change']);
    expect(pending[0].text).toMatch(/đã đóng/);
  });
});

describe('feedback status', SEVERAL_RUNS, () => {
  it('accepts keys and Vietnamese labels with or without diacritics, and records who and why', async () => {
    const { dir, land } = await seed();
    const first = cli(dir, ['status', land.code, 'đang xử lý', '--by', 'Cán bộ Lan']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${land.code}: Mới → Đang xử lý\n`);
    const second = cli(dir, ['status', land.code, 'Da chuyen co quan khac', '--by', 'Cán bộ Lan', '--note', 'Chuyển Điện lực Bảo Lộc']);
    expect(second.stdout).toBe(`${land.code}: Đang xử lý → Đã chuyển cơ quan khác\n`);

    const record = await stored(dir, land.code);
    expect(record?.status).toBe('da-chuyen');
    expect(record?.history.at(-1)).toMatchObject({ status: 'da-chuyen', by: 'Cán bộ Lan', note: 'Chuyển Điện lực Bảo Lộc' });
  });

  it('refuses a transition the workflow does not allow, naming the allowed ones', async () => {
    const { dir, civil } = await seed();
    const r = cli(dir, ['status', civil.code, 'moi']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/từ "Đang xử lý" sang "Mới": chỉ có thể chuyển sang "Đã trả lời", "Đã chuyển cơ quan khác", "Đã đóng"/);
    expect((await stored(dir, civil.code))?.status).toBe('dang-xu-ly');
  });

  it('refuses an unknown status', async () => {
    const { dir, civil } = await seed();
    const r = cli(dir, ['status', civil.code, 'xong roi']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Trạng thái "xong roi" không hợp lệ\. Dùng một trong: moi \(Mới\), dang-xu-ly \(Đang xử lý\)/);
  });
});

describe('feedback report', SEVERAL_RUNS, () => {
  it('prints the Markdown report of the quarter asked for', async () => {
    const { dir } = await seed();
    const { code, stdout } = cli(dir, ['report', '--year', '2026', '--quarter', '1']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('# Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị — Quý I năm 2026');
    for (const row of ['| Mới | 2 |', '| Đất đai – Xây dựng | 1 |', '| Không phân loại | 1 |', '| Zalo (tài khoản cá nhân) | 1 |', '| Telegram | 1 |', '| **Tổng cộng** | **2** |'])
      expect(lines).toContain(row);
    // Two spellings asked once each: the report shows the one asked first.
    expect(lines).toContain('| 1 | Làm sổ đỏ mất bao lâu? | 2 |');
    expect(lines).toContain('| 2 | giá \\| vàng | 1 |');
    for (const p of [SENDER.name, SENDER.phone, SENDER.address]) expect(stdout).not.toContain(p);
  });

  it('writes CSV with a byte-order mark to a file', async () => {
    const { dir } = await seed();
    const out = join(dir, 'bao-cao-q2.csv');
    const { code, stdout } = cli(dir, ['report', '--year', '2026', '--quarter', '2', '--format', 'csv', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`Đã ghi báo cáo vào ${out}\n`);
    const csv = readFileSync(out, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows: { section: string; key: string; value: string }[] = parse(csv, { bom: true, columns: () => ['section', 'key', 'label', 'value'] });
    const value = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key)?.value;
    expect(value('period', 'start')).toBe('2026-04-01');
    expect(value('summary', 'total')).toBe('1');
    expect(value('status', 'dang-xu-ly')).toBe('1');
    expect(value('kind', 'kien-nghi')).toBe('1');
    expect(value('channel', 'web')).toBe('1');
  });

  it('defaults to the current quarter', async () => {
    const { dir } = await seed();
    const { year, q } = quarterOf(new Date());
    const { code, stdout } = cli(dir, ['report']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`# Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị — Quý ${['I', 'II', 'III', 'IV'][q - 1]} năm ${year}`);
  });

  it('refuses a bad quarter or format', async () => {
    const { dir } = await seed();
    for (const [args, message] of [
      [['--year', '2026', '--quarter', '5'], 'Quý "5" không hợp lệ: chỉ từ 1 đến 4.\n'],
      [['--format', 'pdf'], 'Định dạng "pdf" không hỗ trợ: dùng md hoặc csv.\n'],
    ] as const) {
      const r = cli(dir, ['report', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(message);
    }
  });
});
