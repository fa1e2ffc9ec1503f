// Staff accounts in PostgreSQL (table staff_accounts): the web workspace on every replica
// and the staff CLI change them, each change in a transaction holding the account's row.
import type pg from 'pg';
import { storedStaffAccount, type StaffAccount, type StaffAccountStore } from '../../staff/accounts.ts';
import { inTransaction, isUniqueViolation } from './pool.ts';

const account = storedStaffAccount;

/** Tries of a change that met an account created at the same moment by another replica. */
const CREATE_RACES = 5;

export class PgStaffAccountStore implements StaffAccountStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(username: string): Promise<StaffAccount | undefined> {
    const { rows } = await this.pool.query<{ account: StaffAccount }>('SELECT account FROM staff_accounts WHERE username = $1', [username]);
    return rows[0]?.account;
  }

  async list(): Promise<StaffAccount[]> {
    const { rows } = await this.pool.query<{ account: StaffAccount }>('SELECT account FROM staff_accounts');
    // Sorted as the data-folder file sorts them.
    return rows.map((r) => r.account).sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * `change` sees the account as it is, and no other change of it runs until this one is
   * committed. An account missing has no row to hold: when two replicas create it at once,
   * the second's insert conflicts and its change runs again on the account just created.
   */
  async update(username: string, change: (current: StaffAccount | undefined) => StaffAccount | undefined): Promise<StaffAccount | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.pool, async (client) => {
          const { rows } = await client.query<{ account: StaffAccount }>('SELECT account FROM staff_accounts WHERE username = $1 FOR UPDATE', [username]);
          const current = rows[0]?.account;
          const next = change(current);
          if (next === undefined) {
            if (current) await client.query('DELETE FROM staff_accounts WHERE username = $1', [username]);
          } else if (current) {
            await client.query('UPDATE staff_accounts SET account = $2, updated_at = now() WHERE username = $1', [username, JSON.stringify(account.parse(next))]);
          } else {
            await client.query('INSERT INTO staff_accounts (username, account) VALUES ($1, $2)', [username, JSON.stringify(account.parse(next))]);
          }
          return next;
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= CREATE_RACES) throw err;
      }
    }
  }
}
