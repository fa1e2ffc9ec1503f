// Staff tools for feedback: list, read, answer, move through the workflow, report.
// Each handler takes the repository (and outbox) it works on and returns the text to
// print, or throws an error whose message, in Vietnamese, tells staff what was wrong;
// the commander wiring at the bottom opens the real data files and turns such an error
// into that message on stderr and exit code 1.
import { writeFileSync } from 'node:fs';
import { openFileOutbox } from '../../storage/lowdb/outbox-file.ts';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../app/config.ts';
import { answerFeedback, changeFeedbackStatus, requireRecord } from '../../feedback/staff-actions.ts';
import { parseStatus } from '../../feedback/staff-commands.ts';
import {
  FEEDBACK_KINDS,
  FEEDBACK_STATUSES,
  type FeedbackFilter,
  type FeedbackRepository,
  type FeedbackStatus,
} from '../../feedback/record.ts';
import { buildQuarterReport, CHANNEL_LABELS, UNCATEGORISED_LABEL } from '../../feedback/report.ts';
import { reportToCsv } from '../../feedback/report-csv.ts';
import { reportToMarkdown } from '../../feedback/report-markdown.ts';
import { quarterOf, vietnamDate, vietnameseDateTime, type Quarter, type QuarterNumber } from '../../time/vietnam-calendar.ts';
import { CATEGORIES, type Category } from '../../knowledge/schema.ts';
import { Outbox } from '../../outbox/outbox.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import { foldText } from '../../search/normalize.ts';
import { lockDataDir } from '../../storage/lowdb/data-dir-lock.ts';
import { openFeedbackRepository } from '../../storage/lowdb/feedback-repository.ts';
import { openStore } from '../../app/open-store.ts';

// ── Parsing what staff type ─────────────────────────────────────────────────────────

function parseCategory(input: string): Category {
  const category = matchKeyOrLabel(CATEGORIES, input);
  if (!category) throw new Error(`Lĩnh vực "${input}" không hợp lệ. Dùng một trong: ${describeChoices(CATEGORIES)}.`);
  return category;
}

function matchKeyOrLabel<K extends string>(labels: Readonly<Record<K, string>>, input: string): K | undefined {
  const folded = foldText(input);
  return (Object.keys(labels) as K[]).find((k) => foldText(k) === folded || foldText(labels[k]) === folded);
}

const describeChoices = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .map(([k, label]) => `${k} (${label})`)
    .join(', ');

function parseQuarter(year: string | undefined, quarter: string | undefined, now: Date): Quarter {
  const current = quarterOf(now);
  if (year !== undefined && quarter === undefined) throw new Error('Có --year thì cần cả --quarter (1–4).');
  const y = year === undefined ? current.year : Number(year);
  const q = quarter === undefined ? current.q : Number(quarter);
  if (!Number.isInteger(y) || y < 2000 || y > 9999) throw new Error(`Năm "${year}" không hợp lệ.`);
  if (![1, 2, 3, 4].includes(q)) throw new Error(`Quý "${quarter}" không hợp lệ: chỉ từ 1 đến 4.`);
  return { year: y, q: q as QuarterNumber };
}

/** The repository reads "pa k7m3qx" or "K7M3QX" as "PA-K7M3QX", the way codes are typed from a phone call. */
// ── Handlers ────────────────────────────────────────────────────────────────────────

interface ListOptions {
  status?: string;
  category?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

const CONTENT_PREVIEW_CHARS = 60;

/**
 * Newest first. The compact list leaves out who sent each record: personal data is for
 * `show` only. Dates are checked by the repository, which reads them as Vietnamese days.
 */
async function listFeedback(repository: FeedbackRepository, opts: ListOptions): Promise<string> {
  const filter: FeedbackFilter = {
    ...(opts.status !== undefined && { status: parseStatus(opts.status) }),
    ...(opts.category !== undefined && { category: parseCategory(opts.category) }),
    ...(opts.from !== undefined && { from: opts.from }),
    ...(opts.to !== undefined && { to: opts.to }),
  };
  const records = await repository.list(filter);
  if (opts.json) {
    const rows = records.map(({ code, createdAt, kind, category, status, content }) => ({ code, createdAt, kind, category, status, content }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  if (!records.length) return 'Không có phản ánh, kiến nghị nào khớp điều kiện.\n';
  const table = records.map((r) => [
    r.code,
    vietnamDate(r.createdAt),
    FEEDBACK_KINDS[r.kind],
    r.category ? CATEGORIES[r.category] : '—',
    FEEDBACK_STATUSES[r.status],
    preview(r.content),
  ]);
  return formatTable(['Mã', 'Ngày', 'Loại', 'Lĩnh vực', 'Trạng thái', 'Nội dung'], table) + `\n${records.length} phản ánh, kiến nghị.\n`;
}

function preview(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length > CONTENT_PREVIEW_CHARS ? flat.slice(0, CONTENT_PREVIEW_CHARS - 1).trimEnd() + '…' : flat;
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

async function showFeedback(repository: FeedbackRepository, code: string): Promise<string> {
  const r = await requireRecord(repository, code);
  const indent = (text: string) => text.replace(/^/gm, '  ');
  const lines = [
    `Mã: ${r.code}`,
    `Loại: ${FEEDBACK_KINDS[r.kind]}`,
    `Lĩnh vực: ${r.category ? CATEGORIES[r.category] : UNCATEGORISED_LABEL}`,
    `Trạng thái: ${FEEDBACK_STATUSES[r.status]}`,
    `Tiếp nhận: ${vietnameseDateTime(r.createdAt)} qua ${CHANNEL_LABELS[r.from.channel]}`,
    'Nội dung:',
    indent(r.content),
    '',
    `Người gửi: ${r.sender.name}`,
    `Điện thoại: ${r.sender.phone ?? '—'}`,
    `Địa chỉ: ${r.sender.address ?? '—'}`,
    `Đồng ý cho xử lý dữ liệu cá nhân lúc: ${vietnameseDateTime(r.sender.consentAt)}`,
    `Liên hệ lại qua: ${CHANNEL_LABELS[r.from.channel]} (cuộc trò chuyện ${r.from.chatId}, người dùng ${r.from.userId})`,
  ];
  if (r.candidates?.length) lines.push(`Bot đã gợi ý: ${r.candidates.map((c) => `${c.id} (${c.score.toFixed(2)})`).join(', ')}`);
  lines.push('', 'Lịch sử:');
  for (const h of r.history) {
    const label = FEEDBACK_STATUSES[h.status as FeedbackStatus] ?? h.status;
    lines.push(`  ${vietnameseDateTime(h.at)}  ${label} — ${h.by}${h.note ? `: ${h.note}` : ''}`);
  }
  lines.push('');
  if (r.answer) lines.push(`Trả lời (${r.answer.by}, ${vietnameseDateTime(r.answer.at)}):`, indent(r.answer.text));
  else lines.push('Chưa có câu trả lời.');
  return lines.join('\n') + '\n';
}

async function answerCommand(repository: FeedbackRepository, outbox: OutboxPort, code: string, text: string, by: string): Promise<string> {
  const answered = await answerFeedback(repository, outbox, code, text, by);
  return (
    `Đã lưu câu trả lời cho ${answered.code} (trạng thái: ${FEEDBACK_STATUSES[answered.status]}).\n` +
    `Câu trả lời đã vào hàng chờ gửi tới người dân qua ${CHANNEL_LABELS[answered.from.channel]}; bot sẽ gửi đi khi chạy.\n`
  );
}

async function statusCommand(repository: FeedbackRepository, outbox: OutboxPort, code: string, statusInput: string, by: string, note?: string): Promise<string> {
  const before = await requireRecord(repository, code);
  const updated = await changeFeedbackStatus(repository, outbox, code, parseStatus(statusInput), by, note);
  return `${updated.code}: ${FEEDBACK_STATUSES[before.status]} → ${FEEDBACK_STATUSES[updated.status]}\n`;
}

interface ReportOptions {
  year?: string;
  quarter?: string;
  format?: string;
}

async function quarterReport(repository: FeedbackRepository, opts: ReportOptions): Promise<string> {
  const now = new Date();
  const format = opts.format ?? 'md';
  if (format !== 'md' && format !== 'csv') throw new Error(`Định dạng "${format}" không hỗ trợ: dùng md hoặc csv.`);
  const report = buildQuarterReport(await repository.list(), await repository.unanswered(), parseQuarter(opts.year, opts.quarter, now), now);
  return format === 'csv' ? reportToCsv(report) : reportToMarkdown(report);
}

// ── Commander wiring ────────────────────────────────────────────────────────────────

function staffName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cán bộ';
  }
}

/** Runs a command body; any failure becomes one Vietnamese line on stderr and exit code 1. */
async function run(body: () => Promise<string> | string): Promise<void> {
  try {
    process.stdout.write(await body());
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

/**
 * Runs `work` on the feedback where the bot keeps it. PostgreSQL (DATABASE_URL) is shared
 * with a running bot. The data folder is read freely, but a change takes its lock: a
 * running bot holds it, and would otherwise overwrite the change. Messages queued here are
 * sent by the bot when it runs.
 */
async function withFeedback(change: boolean, work: (repository: FeedbackRepository, outbox: OutboxPort) => Promise<string>): Promise<string> {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    const store = await openStore(config);
    try {
      return await work(store.feedback, await Outbox.over(store.outbox('notifications'), { destinations: [] }));
    } finally {
      await store.close();
    }
  }
  const unlock = change ? await lockDataDir(config.TTHC_DATA_DIR) : async () => undefined;
  try {
    const repository = await openFeedbackRepository(config.TTHC_DATA_DIR);
    try {
      const outbox = change ? await openFileOutbox({ file: join(config.TTHC_DATA_DIR, 'outbox.json'), destinations: [] }) : undefined;
      try {
        return await work(repository, outbox ?? { enqueue: async () => undefined });
      } finally {
        await outbox?.close();
      }
    } finally {
      await repository.close();
    }
  } finally {
    await unlock();
  }
}

export function registerFeedbackCommands(program: Command): void {
  const feedback = program.command('feedback').description('Xem, trả lời, xử lý phản ánh, kiến nghị và lập báo cáo quý');

  feedback
    .command('list')
    .description('Danh sách phản ánh, kiến nghị (không kèm thông tin người gửi)')
    .option('--status <status>', 'lọc theo trạng thái, ví dụ moi, dang-xu-ly hoặc "Đang xử lý"')
    .option('--category <category>', 'lọc theo lĩnh vực, ví dụ land hoặc "Đất đai – Xây dựng"')
    .option('--from <date>', 'từ ngày (YYYY-MM-DD)')
    .option('--to <date>', 'đến ngày (YYYY-MM-DD)')
    .option('--json', 'in dạng JSON')
    .action((opts: ListOptions) => run(() => withFeedback(false, (repository) => listFeedback(repository, opts))));

  feedback
    .command('show <code>')
    .description('Toàn bộ một phản ánh, kiến nghị, kể cả thông tin người gửi')
    .action((code: string) => run(() => withFeedback(false, (repository) => showFeedback(repository, code))));

  feedback
    .command('answer <code> <text...>')
    .description('Lưu câu trả lời và đưa vào hàng chờ gửi tới người dân')
    .option('--by <name>', 'tên cán bộ trả lời (mặc định: tên người dùng máy)')
    .action((code: string, words: string[], opts: { by?: string }) =>
      run(() => withFeedback(true, (repository, outbox) => answerCommand(repository, outbox, code, words.join(' '), opts.by ?? staffName()))),
    );

  feedback
    .command('status <code> <status>')
    .description('Chuyển trạng thái: moi, dang-xu-ly, da-tra-loi, da-chuyen, da-dong (hoặc tên tiếng Việt)')
    .option('--by <name>', 'tên cán bộ (mặc định: tên người dùng máy)')
    .option('--note <text>', 'ghi chú, ví dụ cơ quan đã chuyển tới')
    .action((code: string, status: string, opts: { by?: string; note?: string }) =>
      run(() => withFeedback(true, (repository, outbox) => statusCommand(repository, outbox, code, status, opts.by ?? staffName(), opts.note))),
    );

  feedback
    .command('report')
    .description('Báo cáo quý gửi Ủy ban nhân dân (mặc định: quý hiện tại, Markdown)')
    .option('--year <year>', 'năm')
    .option('--quarter <quarter>', 'quý (1–4)')
    .option('--format <format>', 'md hoặc csv', 'md')
    .option('--out <file>', 'ghi vào tệp thay vì in ra')
    .action((opts: ReportOptions & { out?: string }) =>
      run(async () => {
        const text = await withFeedback(false, (repository) => quarterReport(repository, opts));
        if (!opts.out) return text;
        writeFileSync(opts.out, text, 'utf8');
        return `Đã ghi báo cáo vào ${opts.out}\n`;
      }),
    );
}
