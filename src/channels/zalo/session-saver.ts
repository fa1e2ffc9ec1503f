// Keeps the saved Zalo session current. zca-js stores the cookies Zalo refreshes on every
// HTTP response in the live session, not in the file, and an unrefreshed cookie dies
// within days: saving it now and then, and at shutdown, lets a restart days later log in
// without a new QR scan. A file someone else changed since (a new `zalo login`) or deleted
// is left alone, and a failure to save is logged, never thrown.
import { loadCredentials, saveCredentials, ZaloCredentialsError, type ZaloCredentials } from './credentials.ts';
import type { ZaloSessionContext } from './zalo-api.ts';

export const SESSION_SAVE_EVERY_MS = 10 * 60_000;

/** The session as `login()` takes it back, cookies as tough-cookie serialises them. */
export function sessionOf(context: ZaloSessionContext): ZaloCredentials {
  return {
    cookie: context.cookie.toJSON()?.cookies ?? [],
    imei: context.imei,
    userAgent: context.userAgent,
    ...(context.language ? { language: context.language } : {}),
  };
}

export type SaveOutcome = 'saved' | 'unchanged' | 'left-alone' | 'failed';

export interface SessionSaverOptions {
  dataDir: string;
  /** The live session, read at each save. */
  context: () => ZaloSessionContext;
  log: (line: string) => void;
  everyMs?: number;
}

/** Stands for a file that could not be read when the saver started. */
const UNREADABLE = '\u0000unreadable';

export class SessionSaver {
  private timer: NodeJS.Timeout | undefined;
  /** What this process last read from the file or wrote to it; anything else there was written by someone else. */
  private known: Promise<string | undefined> | undefined;
  /** One save at a time: the timer and a shutdown must not both write. */
  private chain: Promise<unknown> = Promise.resolve();
  private leftAlone = false;

  constructor(private readonly options: SessionSaverOptions) {}

  /** Saves every `everyMs` from now on (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.known ??= this.readFingerprint().catch(() => UNREADABLE);
    this.timer = setInterval(() => void this.save(), this.options.everyMs ?? SESSION_SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** Stops the timer and saves one last time. */
  async stop(): Promise<SaveOutcome> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.save();
  }

  /** Writes the session when it differs from the file; never throws. */
  save(): Promise<SaveOutcome> {
    const run = this.chain.then(() => this.saveNow());
    this.chain = run;
    return run;
  }

  private async saveNow(): Promise<SaveOutcome> {
    if (this.leftAlone) return 'left-alone';
    try {
      const current = sessionOf(this.options.context());
      const onDisk = await this.readFingerprint();
      const known = await (this.known ??= Promise.resolve(onDisk));
      if (onDisk !== known) {
        this.leftAlone = true;
        this.options.log(`zalo: tệp phiên đăng nhập đã bị thay (có thể do một lần chạy zalo login mới) hoặc bị xoá từ khi bot đăng nhập: bot không ghi đè lên nó nữa`);
        return 'left-alone';
      }
      const fingerprintNow = fingerprint(current);
      if (fingerprintNow === onDisk) return 'unchanged';
      await saveCredentials(this.options.dataDir, current);
      this.known = Promise.resolve(fingerprintNow);
      return 'saved';
    } catch (err) {
      this.options.log(`zalo: không lưu được phiên đăng nhập mới (${reasonOf(err)}); sẽ thử lại lần sau`);
      return 'failed';
    }
  }

  /** The file's session, or undefined when there is no file; throws when it is damaged. */
  private async readFingerprint(): Promise<string | undefined> {
    try {
      return fingerprint(await loadCredentials(this.options.dataDir));
    } catch (err) {
      if (err instanceof ZaloCredentialsError && err.reason === 'missing') return undefined;
      throw err;
    }
  }
}

const fingerprint = (c: ZaloCredentials) => JSON.stringify([c.cookie, c.imei, c.userAgent, c.language ?? null]);

/** Why saving failed, without the session's values. */
function reasonOf(err: unknown): string {
  // It names the file and the fields at fault, never their values.
  if (err instanceof ZaloCredentialsError) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  if ((err as Error | undefined)?.name === 'ZodError') return 'phiên hiện tại thiếu cookie hoặc mã thiết bị';
  return err instanceof Error ? err.name : typeof err;
}
