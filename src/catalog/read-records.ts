// Streams a JSONL catalogue, plain or gzipped, one record at a time, so the whole
// portal export never has to sit in memory. A broken line is reported, not fatal.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { toCatalogRecord, type CatalogRecord } from './record.ts';

export type RecordLine = { line: number; record: CatalogRecord } | { line: number; problem: string };

/** Gzip is recognised by its magic bytes rather than the file name, which crawlers get wrong. */
async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

async function openText(path: string): Promise<Readable> {
  const gzipped = await isGzip(path);
  const source = createReadStream(path);
  if (!gzipped) return source;
  const gunzip = createGunzip();
  // pipe() does not forward errors; a read error must still end the iteration.
  source.on('error', (err) => gunzip.destroy(err));
  return source.pipe(gunzip);
}

/**
 * Yields every non-blank line as a record or as a problem (with its 1-based line number).
 * Rejects when the file cannot be opened or is not valid gzip.
 */
export async function* readRecords(path: string): AsyncGenerator<RecordLine> {
  const lines = createInterface({ input: await openText(path), crlfDelay: Infinity });
  let line = 0;
  for await (const rawText of lines) {
    line++;
    const text = line === 1 ? rawText.replace(/^\ufeff/, '') : rawText;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, problem: `JSON không hợp lệ (${(err as Error).message})` };
      continue;
    }
    const record = toCatalogRecord(value);
    yield record ? { line, record } : { line, problem: 'dòng không phải một đối tượng JSON' };
  }
}
