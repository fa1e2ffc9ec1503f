// Home Affairs staff who may use the web workspace. Passwords are hashed with scrypt
// (memory-hard, from node:crypto); ten failed logins in a row lock an account for
// fifteen minutes. The store is a port: a file in the data folder for one ward, the
// database for a province.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FailedAttempts } from '../attempts/failed-attempts.ts';
import { judgePassword } from './password-strength.ts';

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
  /** Sessions logged out before they expired (id, expiry): their cookies are refused on every replica. */
  endedSessions?: EndedSession[];
}

/** A chat of an officer with the bot: their Telegram or Zalo Bot chat id. */
export interface StaffChat {
  channel: 'telegram' | 'zalo-bot';
  chatId: string;
}

export interface EndedSession {
  sid: string;
  /** When the session would have expired anyway: it is forgotten after. */
  until: string;
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
  endedSessions: z.array(z.object({ sid: z.string(), until: z.string() })).optional(),
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
/** Logged-out sessions remembered per account (sessions last 8 hours: far more than anyone opens). */
const MAX_ENDED_SESSIONS = 200;
/** A name, and for an account of one ward or commune made by its own administrator, "@" and the unit's id. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}(@[a-z0-9][a-z0-9-]{0,62})?$/;

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

/**
 * The name of an account a unit's administrator makes: "lan" becomes "lan@phuong-b-lao".
 * Names of different units then never meet, so trying a name tells nothing about the
 * accounts of another unit (a plain "lan" of another ward is another name).
 */
export function nameInUnit(username: string, unit: string): string {
  const name = username.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at < 0) return checkUsername(`${name}@${unit}`);
  if (name.slice(at + 1) !== unit) throw new StaffAccountError(`Tài khoản của đơn vị bạn có dạng tên@${unit}; chỉ gõ phần tên là đủ.`);
  return checkUsername(name);
}

/** A password long enough and hard enough to guess (see password-strength.ts); `username` must not be what it leans on. */
export function checkPassword(password: string, username?: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw new StaffAccountError(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
  const verdict = judgePassword(password, username ? [username] : []);
  if (!verdict.ok) throw new StaffAccountError(`Mật khẩu quá dễ đoán. ${verdict.advice} Ví dụ một mật khẩu tốt: vài từ ít gặp ghép lại, như "ong-vang-bay-qua-cau-go".`);
  return password;
}

export type LoginResult = { ok: true; account: StaffAccount } | { ok: false; reason: 'wrong' | 'locked'; until?: string };

/** The one message for an unknown name and a wrong password alike: no hint which it was. */
export const WRONG_LOGIN = 'Tên đăng nhập hoặc mật khẩu không đúng.';

/** How long failed logins under a name nobody has are counted (see StaffAccounts.login). */
export const UNKNOWN_NAME_WINDOW_MS = 24 * 3600_000;

export class StaffAccounts {
  /**
   * `unknownNames`: failed logins under names no account has, counted so that such a name
   * locks exactly as a real one does (without it, a lock would tell which names exist).
   */
  constructor(
    private readonly store: StaffAccountStore,
    private readonly now: () => Date = () => new Date(),
    private readonly unknownNames?: FailedAttempts,
  ) {}

  list(): Promise<StaffAccount[]> {
    return this.store.list();
  }

  get(username: string): Promise<StaffAccount | undefined> {
    return this.store.get(username.trim().toLowerCase());
  }

  async add(username: string, password: string, role: Role = 'staff', unit?: string): Promise<StaffAccount> {
    const name = checkUsername(username);
    const suffix = name.includes('@') ? name.slice(name.indexOf('@') + 1) : undefined;
    if (suffix !== undefined && suffix !== unit) throw new StaffAccountError(`Tên "${name}" dành cho tài khoản của đơn vị ${suffix}.`);
    const passwordHash = await hashPassword(checkPassword(password, name));
    const created = await this.store.update(name, (current) => {
      if (current) throw new StaffAccountError(`Đã có tài khoản "${name}".`);
      return { username: name, role, passwordHash, sessionVersion: 1, failedLogins: 0, createdAt: this.now().toISOString(), ...(unit ? { unit } : {}) };
    });
    return created!;
  }

  async setPassword(username: string, password: string): Promise<StaffAccount> {
    const name = checkUsername(username);
    const passwordHash = await hashPassword(checkPassword(password, name));
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

  /**
   * Ends one session of an account before it expires (logging out): its cookie, even
   * saved elsewhere, no longer opens anything. Sessions already expired are forgotten.
   */
  async endSession(username: string, sid: string, until: Date): Promise<void> {
    const now = this.now().getTime();
    await this.store.update(username, (current) => {
      if (!current) return undefined;
      const kept = (current.endedSessions ?? []).filter((e) => Date.parse(e.until) > now && e.sid !== sid);
      return { ...current, endedSessions: [...kept, { sid, until: until.toISOString() }].slice(-MAX_ENDED_SESSIONS) };
    });
  }

  /**
   * Checks a login; counts failures, locks after too many, and never says whether the name
   * exists: a password hash is checked for every attempt (a locked account's and an unknown
   * name's too), and a name nobody has locks after as many failures, for as long, as a real one.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const name = username.trim().toLowerCase();
    const account = USERNAME.test(name) ? await this.store.get(name) : undefined;
    const good = (await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH)) && account !== undefined;
    const now = this.now();
    if (!account) return this.failUnknown(name, now);
    if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) return { ok: false, reason: 'locked', until: account.lockedUntil };
    const updated = await this.store.update(name, (current) => {
      if (!current) return undefined;
      if (good) return { ...current, failedLogins: 0, lockedUntil: undefined };
      const failedLogins = current.failedLogins + 1;
      return failedLogins >= MAX_FAILED_LOGINS
        ? { ...current, failedLogins: 0, lockedUntil: lockEnd(now) }
        : { ...current, failedLogins };
    });
    if (good && updated) return { ok: true, account: updated };
    if (updated?.lockedUntil) return { ok: false, reason: 'locked', until: updated.lockedUntil };
    return { ok: false, reason: 'wrong' };
  }

  /** A failed login under a name no account has: counted, and locked at every MAX_FAILED_LOGINS-th, as an account would be. */
  private async failUnknown(name: string, now: Date): Promise<LoginResult> {
    if (!this.unknownNames) return { ok: false, reason: 'wrong' };
    const key = name.slice(0, 64);
    const lockedAt = (count: { failures: number; lastAt?: string }) => (count.failures > 0 && count.failures % MAX_FAILED_LOGINS === 0 ? count.lastAt : undefined);
    const before = lockedAt(await this.unknownNames.get(key, now));
    if (before && Date.parse(lockEnd(new Date(before))) > now.getTime()) return { ok: false, reason: 'locked', until: lockEnd(new Date(before)) };
    const counted = await this.unknownNames.add(key, now);
    return lockedAt(counted) ? { ok: false, reason: 'locked', until: lockEnd(now) } : { ok: false, reason: 'wrong' };
  }
}

const lockEnd = (from: Date) => new Date(from.getTime() + LOCK_MINUTES * 60_000).toISOString();

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
