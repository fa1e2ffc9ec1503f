// Home Affairs staff who may use the web workspace. Passwords are hashed with scrypt
// (memory-hard, from node:crypto); ten failed logins in a row lock an account for
// fifteen minutes. The store is a port: a file in the data folder for one ward, the
// database for a province.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const ROLES = ['staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffAccount {
  username: string;
  role: Role;
  /** "scrypt$N$r$p$salt$hash", base64 parts. */
  passwordHash: string;
  /** Bumped when the password changes or the account is disabled: older sessions stop working. */
  sessionVersion: number;
  failedLogins: number;
  lockedUntil?: string;
  createdAt: string;
  /** The ward or commune the account works for; absent in a single-unit deployment. */
  unit?: string;
  /** The officer's own chat with the bot, where they are told of records assigned to them (staff link). */
  chat?: StaffChat;
}

/** A chat of an officer with the bot: their Telegram or Zalo Bot chat id. */
export interface StaffChat {
  channel: 'telegram' | 'zalo-bot';
  chatId: string;
}

/** A stored account as a store checks it when reading it back (a file, a database row). */
export const storedStaffAccount = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  passwordHash: z.string(),
  sessionVersion: z.number().int(),
  failedLogins: z.number().int().min(0),
  lockedUntil: z.string().optional(),
  createdAt: z.string(),
  unit: z.string().optional(),
  chat: z.object({ channel: z.enum(['telegram', 'zalo-bot']), chatId: z.string().regex(/^-?[A-Za-z0-9_]{1,64}$/) }).optional(),
});

export interface StaffAccountStore {
  get(username: string): Promise<StaffAccount | undefined>;
  list(): Promise<StaffAccount[]>;
  /** Applies a change to one account (or creates it, given undefined) atomically; returns the result. */
  update(username: string, change: (current: StaffAccount | undefined) => StaffAccount | undefined): Promise<StaffAccount | undefined>;
}

export const MAX_FAILED_LOGINS = 10;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 10;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

// 2^15 × 8 × 128 bytes = 32 MiB per hash: slow to brute-force, quick enough to log in.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 };

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: SCRYPT.maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(N), Number(r), Number(p), expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export class StaffAccountError extends Error {}

export function checkUsername(username: string): string {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name)) throw new StaffAccountError(`Tên đăng nhập "${username}" không hợp lệ: 2–40 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang.`);
  return name;
}

export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw new StaffAccountError(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
  return password;
}

export type LoginResult = { ok: true; account: StaffAccount } | { ok: false; reason: 'wrong' | 'locked'; until?: string };

/** The one message for an unknown name and a wrong password alike: no hint which it was. */
export const WRONG_LOGIN = 'Tên đăng nhập hoặc mật khẩu không đúng.';

export class StaffAccounts {
  constructor(
    private readonly store: StaffAccountStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Promise<StaffAccount[]> {
    return this.store.list();
  }

  get(username: string): Promise<StaffAccount | undefined> {
    return this.store.get(username.trim().toLowerCase());
  }

  async add(username: string, password: string, role: Role = 'staff', unit?: string): Promise<StaffAccount> {
    const name = checkUsername(username);
    const passwordHash = await hashPassword(checkPassword(password));
    const created = await this.store.update(name, (current) => {
      if (current) throw new StaffAccountError(`Đã có tài khoản "${name}".`);
      return { username: name, role, passwordHash, sessionVersion: 1, failedLogins: 0, createdAt: this.now().toISOString(), ...(unit ? { unit } : {}) };
    });
    return created!;
  }

  async setPassword(username: string, password: string): Promise<StaffAccount> {
    const name = checkUsername(username);
    const passwordHash = await hashPassword(checkPassword(password));
    const updated = await this.store.update(name, (current) => {
      if (!current) throw new StaffAccountError(`Không có tài khoản "${name}".`);
      // A new password ends every open session and lifts a lock.
      return { ...current, passwordHash, sessionVersion: current.sessionVersion + 1, failedLogins: 0, lockedUntil: undefined };
    });
    return updated!;
  }

  /** Links (or, given undefined, unlinks) the officer's own chat, where assignments are announced. */
  async link(username: string, chat: StaffChat | undefined): Promise<StaffAccount> {
    const name = checkUsername(username);
    const updated = await this.store.update(name, (current) => {
      if (!current) throw new StaffAccountError(`Không có tài khoản "${name}".`);
      const { chat: _old, ...rest } = current;
      return chat ? { ...rest, chat } : rest;
    });
    return updated!;
  }

  async remove(username: string): Promise<void> {
    const name = checkUsername(username);
    await this.store.update(name, (current) => {
      if (!current) throw new StaffAccountError(`Không có tài khoản "${name}".`);
      return undefined;
    });
  }

  /** Checks a login; counts failures, locks after too many, and never says whether the name exists. */
  async login(username: string, password: string): Promise<LoginResult> {
    const name = username.trim().toLowerCase();
    const account = USERNAME.test(name) ? await this.store.get(name) : undefined;
    if (!account) {
      // The same work as for a real account, so timing does not tell which names exist.
      await verifyPassword(password, DUMMY_HASH);
      return { ok: false, reason: 'wrong' };
    }
    const now = this.now();
    if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) return { ok: false, reason: 'locked', until: account.lockedUntil };
    const good = await verifyPassword(password, account.passwordHash);
    const updated = await this.store.update(name, (current) => {
      if (!current) return undefined;
      if (good) return { ...current, failedLogins: 0, lockedUntil: undefined };
      const failedLogins = current.failedLogins + 1;
      return failedLogins >= MAX_FAILED_LOGINS
        ? { ...current, failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() }
        : { ...current, failedLogins };
    });
    if (good && updated) return { ok: true, account: updated };
    if (updated?.lockedUntil) return { ok: false, reason: 'locked', until: updated.lockedUntil };
    return { ok: false, reason: 'wrong' };
  }
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
