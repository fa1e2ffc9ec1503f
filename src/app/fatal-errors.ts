// What stops a command or the bot before it can serve, said in one Vietnamese line with
// an exit code, never as a stack trace: staff and service managers read these.
import { KnowledgeLoadError } from '../knowledge/load.ts';
import { DataDirBusyError } from '../storage/lowdb/data-dir-lock.ts';
import { DataFileCorruptError } from '../storage/lowdb/json-document.ts';
import { ConfigError } from './config.ts';

/** The service has nothing it can run (no web server, no chat channel). */
export class NothingToRunError extends Error {
  override name = 'NothingToRunError';
}

/** Exit codes: 2 for a problem someone must fix (configuration, knowledge, data), 1 for anything else. */
export const EXIT_FIX_NEEDED = 2;
export const EXIT_UNEXPECTED = 1;

export function describeFatal(err: unknown): { line: string; exitCode: number } {
  if (err instanceof ConfigError || err instanceof KnowledgeLoadError || err instanceof DataFileCorruptError || err instanceof DataDirBusyError)
    return { line: err.message, exitCode: EXIT_FIX_NEEDED };
  if (err instanceof NothingToRunError) return { line: err.message, exitCode: EXIT_UNEXPECTED };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM')
    return { line: `Không có quyền truy cập ${(err as NodeJS.ErrnoException).path ?? 'tệp dữ liệu'}: kiểm tra quyền của người dùng chạy bot.`, exitCode: EXIT_FIX_NEEDED };
  if (code === 'ENOSPC') return { line: 'Ổ đĩa đã đầy: giải phóng dung lượng rồi chạy lại.', exitCode: EXIT_FIX_NEEDED };
  return { line: `Lỗi không mong đợi: ${err instanceof Error ? err.message : String(err)}`, exitCode: EXIT_UNEXPECTED };
}

/** Prints the line on stderr and exits; for the top of a command. */
export function exitWith(err: unknown): never {
  const { line, exitCode } = describeFatal(err);
  process.stderr.write(`${line}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(exitCode);
}
