// `staff add|passwd|remove|list`: the accounts of the web workspace. The password is read
// as exactly one line from stdin (hidden when typed at a terminal), never from the command
// line, where it would end up in the shell history and the process list.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../app/config.ts';
import { ROLES, StaffAccountError, StaffAccounts, type Role } from '../../staff/accounts.ts';
import { openEngine } from '../../app/live-knowledge.ts';
import { StaffAccountsFile } from '../../storage/lowdb/staff-accounts-file.ts';
import { openStore } from '../../app/open-store.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';

/** One line from stdin: the first line only, without its line end. */
export function readOneLine(input: NodeJS.ReadableStream & { isTTY?: boolean }, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const tty = input.isTTY === true;
    const rl = createInterface({ input, output: tty ? process.stderr : undefined, terminal: tty });
    if (tty) {
      process.stderr.write(prompt);
      // Typed characters are not echoed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    }
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      if (tty) process.stderr.write('\n');
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!done) reject(new StaffAccountError('Chưa nhận được mật khẩu (cần một dòng trên stdin).'));
    });
  });
}

/**
 * The accounts where the bot keeps them: PostgreSQL (DATABASE_URL), or the data folder's
 * accounts file, which has its own lock, so this works while the bot runs.
 */
async function withAccounts<T>(body: (accounts: StaffAccounts) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!config.DATABASE_URL) return body(new StaffAccounts(new StaffAccountsFile(config.TTHC_DATA_DIR)));
  const store = await openStore(config);
  try {
    return await body(new StaffAccounts(store.accounts));
  } finally {
    await store.close();
  }
}

/** A unit of this deployment (knowledge/units/<id>.json), named in Vietnamese when it is not one. */
function checkUnit(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const { units } = openEngine(loadConfig().TTHC_KNOWLEDGE_DIRS);
  if (units.get(id)) return id;
  const known = units.units.map((u) => u.id).join(', ');
  throw new StaffAccountError(`Không có đơn vị "${id}"${known ? `; các đơn vị: ${known}` : ' (triển khai này chỉ phục vụ một đơn vị, không cần --unit)'}.`);
}

async function run(body: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(await body());
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

function parseRole(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new StaffAccountError(`Vai trò "${value}" không hợp lệ: dùng staff hoặc admin.`);
}

export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('Tài khoản cán bộ của trang làm việc /staff');

  staff
    .command('add <username>')
    .description('Tạo tài khoản; mật khẩu (ít nhất 10 ký tự) đọc từ một dòng stdin')
    .option('--role <role>', 'staff (xem, trả lời phản ánh) hoặc admin (cả quản lý tài khoản, kiến thức)', 'staff')
    .option('--unit <id>', 'phường, xã của cán bộ (tên tệp trong knowledge/units/); bỏ trống: toàn tỉnh')
    .action((username: string, opts: { role: string; unit?: string }) =>
      run(async () => {
        const role = parseRole(opts.role);
        const unit = checkUnit(opts.unit);
        const password = await readOneLine(process.stdin, 'Mật khẩu: ');
        const account = await withAccounts((a) => a.add(username, password, role, unit));
        return `Đã tạo tài khoản ${account.username} (${account.role}${account.unit ? `, ${account.unit}` : ''}).\n`;
      }),
    );

  staff
    .command('passwd <username>')
    .description('Đổi mật khẩu (đọc từ một dòng stdin); mọi phiên đăng nhập cũ bị hủy, khóa do nhập sai được gỡ')
    .action((username: string) =>
      run(async () => {
        const password = await readOneLine(process.stdin, 'Mật khẩu mới: ');
        const account = await withAccounts((a) => a.setPassword(username, password));
        return `Đã đổi mật khẩu của ${account.username}.\n`;
      }),
    );

  staff
    .command('remove <username>')
    .description('Xóa tài khoản')
    .action((username: string) =>
      run(async () => {
        await withAccounts((a) => a.remove(username));
        return `Đã xóa tài khoản ${username.trim().toLowerCase()}.\n`;
      }),
    );

  staff
    .command('link <username>')
    .description('Liên kết chat riêng của cán bộ với bot (Telegram hoặc Zalo Bot) để được báo khi được giao xử lý phản ánh')
    .option('--telegram <chatId>', 'id chat Telegram của cán bộ (nhắn /start cho bot, id là số người dùng)')
    .option('--zalo-bot <chatId>', 'id chat Zalo Bot của cán bộ')
    .option('--none', 'bỏ liên kết')
    .action((username: string, opts: { telegram?: string; zaloBot?: string; none?: boolean }) =>
      run(async () => {
        const chosen = [opts.telegram, opts.zaloBot, opts.none].filter((v) => v !== undefined).length;
        if (chosen !== 1) throw new StaffAccountError('Chọn đúng một trong: --telegram ID, --zalo-bot ID hoặc --none.');
        const chat = opts.telegram ? { channel: 'telegram' as const, chatId: opts.telegram } : opts.zaloBot ? { channel: 'zalo-bot' as const, chatId: opts.zaloBot } : undefined;
        if (chat && !/^-?[A-Za-z0-9_]{1,64}$/.test(chat.chatId)) throw new StaffAccountError(`Id chat "${chat.chatId}" không hợp lệ.`);
        const account = await withAccounts((a) => a.link(username, chat));
        return chat ? `Đã liên kết ${account.username} với chat ${chat.channel} ${chat.chatId}.\n` : `Đã bỏ liên kết chat của ${account.username}.\n`;
      }),
    );

  staff
    .command('list')
    .description('Danh sách tài khoản (không có mật khẩu)')
    .action(() =>
      run(async () => {
        const all = await withAccounts((a) => a.list());
        if (!all.length) return 'Chưa có tài khoản nào. Tạo bằng: npm run -s cli -- staff add TÊN --role admin\n';
        const now = Date.now();
        return (
          all
            .map((a) => {
              const locked = a.lockedUntil && Date.parse(a.lockedUntil) > now ? ` · đang khóa đến ${vietnameseDateTime(a.lockedUntil)}` : '';
              const chat = a.chat ? ` · chat ${a.chat.channel} ${a.chat.chatId}` : '';
              return `${a.username}\t${a.role}${a.unit ? `\t${a.unit}` : ''}\ttạo lúc ${vietnameseDateTime(a.createdAt)}${locked}${chat}`;
            })
            .join('\n') + '\n'
        );
      }),
    );
}
