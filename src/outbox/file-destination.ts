// Appends each message as one JSON line to a local file: where messages for Home Affairs
// go when no chat group is configured, and a record staff can read or import.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendPrivate, ensurePrivateDir } from '../files/private-files.ts';
import type { Destination, OutboxMessage } from './message.ts';

interface Written {
  ids: Set<string>;
  /** False when the last line was cut off (a crash mid-append): the next line must start on its own. */
  endsWithNewline: boolean;
}

export class FileDestination implements Destination {
  private written: Promise<Written> | undefined;
  /** Appends one at a time, so two deliveries of one id cannot both pass the dedupe check. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly path: string,
  ) {}

  deliver(message: OutboxMessage): Promise<void> {
    const run = this.queue.then(() => this.append(message));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(message: OutboxMessage): Promise<void> {
    const written = await this.readWritten();
    if (written.ids.has(message.id)) return;
    await ensurePrivateDir(dirname(this.path));
    // On disk (owner-only: it holds personal data) before the outbox marks the message delivered and forgets its text.
    await appendPrivate(this.path, `${written.endsWithNewline ? '' : '\n'}${JSON.stringify(message)}\n`);
    written.ids.add(message.id);
    written.endsWithNewline = true;
  }

  /** The ids already in the file, read once; read again after a failed read. */
  private readWritten(): Promise<Written> {
    this.written ??= readIds(this.path).catch((err: unknown) => {
      this.written = undefined;
      throw err;
    });
    return this.written;
  }
}

async function readIds(path: string): Promise<Written> {
  const raw = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const ids = new Set<string>();
  for (const line of raw.split('\n')) {
    const id = idOf(line);
    if (id) ids.add(id);
  }
  return { ids, endsWithNewline: raw === '' || raw.endsWith('\n') };
}

/** The id on one line; undefined for a blank or cut-off line (its message was never acknowledged). */
function idOf(line: string): string | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
