// Photos attached to feedback, as files beside the lowdb data: attachments/<id>.jpg, the
// folder owner-only (0700) and each file too (0600), written to a temporary name, synced
// and renamed, so a crash leaves a whole photo or none.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentStore } from '../../feedback/attachments.ts';
import type { AttachmentRef } from '../../feedback/record.ts';
import { ensurePrivateDir, openPrivate } from '../../files/private-files.ts';

const ID = /^[A-Za-z0-9_-]{8,64}$/;

export class AttachmentFiles implements AttachmentStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'attachments');
  }

  async put(ref: AttachmentRef, data: Buffer): Promise<void> {
    if (!ID.test(ref.id)) throw new Error('Mã tệp đính kèm không hợp lệ.');
    await ensurePrivateDir(this.dir);
    const path = join(this.dir, `${ref.id}.jpg`);
    const temporary = `${path}.tmp`;
    const file = await openPrivate(temporary, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  }

  async get(id: string): Promise<Buffer | undefined> {
    if (!ID.test(id)) return undefined;
    try {
      return await readFile(join(this.dir, `${id}.jpg`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
