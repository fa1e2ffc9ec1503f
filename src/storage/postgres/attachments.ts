// Photos attached to feedback in PostgreSQL (table attachments, migration 007): every
// replica serves the same photo, whichever received it.
import type pg from 'pg';
import type { AttachmentStore } from '../../feedback/attachments.ts';
import type { AttachmentRef } from '../../feedback/record.ts';

export class PgAttachments implements AttachmentStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(ref: AttachmentRef, data: Buffer, at: Date): Promise<void> {
    await this.pool.query('INSERT INTO attachments (id, type, width, height, data, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING', [
      ref.id,
      ref.type,
      ref.width,
      ref.height,
      data,
      at.toISOString(),
    ]);
  }

  async get(id: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM attachments WHERE id = $1', [id]);
    return rows[0]?.data;
  }
}
