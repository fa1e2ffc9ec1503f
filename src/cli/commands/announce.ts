// `announce`: staff send an announcement from the command line, while the bot runs or not.
// PostgreSQL: written to the shared database, and the replicas told. A data folder: handed
// to the running bot through its control socket (the bot owns the folder), or, with no bot
// running, written by the command itself under the folder's lock (the bot sends it when it
// starts). Either way the same action as the staff page's.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { AnnouncementActions, AnnouncementInputError } from '../../announcements/actions.ts';
import { announce, type AnnounceRequest, type AnnounceResult } from '../../announcements/announce-request.ts';
import { loadConfig, type AppConfig } from '../../app/config.ts';
import type { LiveKnowledge } from '../../app/live-knowledge.ts';
import type { BotStore } from '../../storage/bot-store.ts';
import { clockFor } from '../../time/clock.ts';
import { atRunningBotOrHere, RefusedByBot } from '../running-bot.ts';

interface AnnounceOptions {
  title: string;
  textFile: string;
  unit?: string;
  link?: string;
  at?: string;
  json?: boolean;
  by?: string;
}

function whoAmI(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** The announcement made with the store this command opened (PostgreSQL, or a data folder no bot holds). */
const announceWith = (config: AppConfig, request: AnnounceRequest) => async (store: BotStore, knowledge: LiveKnowledge): Promise<AnnounceResult> => {
  const { ANNOUNCEMENT_QUEUED } = await import('../../app/open-bot.ts');
  const actions = new AnnouncementActions({
    store: store.announcements,
    unitExists: (id) => !!knowledge.current().units.get(id),
    now: clockFor(config.TTHC_TODAY),
    // Replicas running on the database start sending at once rather than at their next look.
    onQueued: () => store.events.publish(ANNOUNCEMENT_QUEUED, '').catch(() => undefined),
  });
  return announce(actions, request);
};

async function sendAnnouncement(opts: AnnounceOptions): Promise<AnnounceResult> {
  const config = loadConfig();
  let text: string;
  try {
    text = readFileSync(opts.textFile, 'utf8');
  } catch (err) {
    throw new AnnouncementInputError(`Không đọc được tệp nội dung ${opts.textFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const request: AnnounceRequest = { title: opts.title, text, by: opts.by ?? whoAmI(), ...(opts.link ? { link: opts.link } : {}), ...(opts.unit ? { unit: opts.unit } : {}), ...(opts.at ? { at: opts.at } : {}) };
  try {
    return await atRunningBotOrHere(config, 'announce', request, announceWith(config, request));
  } catch (err) {
    throw err instanceof RefusedByBot ? new AnnouncementInputError(err.message) : err;
  }
}

export function registerAnnounceCommand(program: Command): void {
  program
    .command('announce')
    .description('Gửi tin tuyên truyền tới người dân đã đăng ký nhận tin (chạy được cả khi bot đang chạy)')
    .requiredOption('--title <title>', 'tiêu đề (tối đa 120 ký tự)')
    .requiredOption('--text-file <file>', 'tệp UTF-8 chứa nội dung (tối đa 1.000 ký tự)')
    .option('--unit <id>', 'chỉ gửi cho người đăng ký của phường, xã này (mã tệp knowledge/units/<mã>.json); mặc định: tất cả')
    .option('--link <url>', 'liên kết kèm theo (https://…)')
    .option('--at <iso>', 'gửi vào lúc này (ISO có múi giờ, ví dụ 2026-01-01T07:00:00+07:00); mặc định: ngay')
    .option('--by <name>', 'người gửi (mặc định: tên người dùng máy)')
    .option('--json', 'in đúng một dòng {"id":"…","recipients":N}')
    .action(async (opts: AnnounceOptions) => {
      try {
        const result = await sendAnnouncement(opts);
        if (opts.json) process.stdout.write(`${JSON.stringify({ id: result.id, recipients: result.recipients })}\n`);
        else process.stdout.write(`Đã ${opts.at ? 'hẹn gửi' : 'bắt đầu gửi'} tin ${result.id} tới ${result.recipients} người đăng ký.\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof AnnouncementInputError ? '' : 'Không gửi được tin: '}${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
