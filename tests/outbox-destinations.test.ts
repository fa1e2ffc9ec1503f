// The destinations the outbox delivers to, on real files in temp dirs.
import { describe, expect, it } from 'vitest';
import { openFileOutbox } from '../src/storage/lowdb/outbox-file.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleDestination } from '../src/outbox/console-destination.ts';
import { FileDestination } from '../src/outbox/file-destination.ts';
import type { OutboxMessage } from '../src/outbox/message.ts';
import type { OutboxData } from '../src/storage/lowdb/outbox-file.ts';
import { RoutedDestination } from '../src/outbox/routed-destination.ts';

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'tthc-dest-')), name);
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);
const ids = (path: string) => lines(path).map((l) => (JSON.parse(l) as OutboxMessage).id);

function message(id: string, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return { id, destination: 'staff', kind: 'feedback', code: `PA-${id}`, text: `Nội dung ${id}`, createdAt: '2026-03-02T08:00:00.000Z', ...extra };
}

/** A destination that records and can be told to fail every delivery. */
function recorder(name: string, fail = false) {
  const received: OutboxMessage[] = [];
  return {
    name,
    received,
    async deliver(m: OutboxMessage) {
      if (fail) throw new Error(`${name} lỗi`);
      received.push(m);
    },
  };
}

describe('FileDestination', () => {
  it('appends one JSON line per message and drops a repeated id, also after a restart', async () => {
    const path = tempFile('nested/staff.jsonl');
    const first = new FileDestination('staff', path);
    await first.deliver(message('a'));
    await first.deliver(message('b'));
    await first.deliver(message('a'));
    expect(ids(path)).toEqual(['a', 'b']);
    expect(JSON.parse(lines(path)[0]!)).toEqual(message('a'));

    const restarted = new FileDestination('staff', path);
    await restarted.deliver(message('a'));
    await restarted.deliver(message('c'));
    expect(ids(path)).toEqual(['a', 'b', 'c']);
  });

  it('drops repeats delivered at the same time', async () => {
    const path = tempFile('staff.jsonl');
    const destination = new FileDestination('staff', path);
    await Promise.all([destination.deliver(message('a')), destination.deliver(message('a'))]);
    expect(ids(path)).toEqual(['a']);
  });

  it('starts a new line after a line cut off by a crash, and writes that message again whole', async () => {
    const path = tempFile('staff.jsonl');
    const whole = JSON.stringify(message('a'));
    writeFileSync(path, `${whole}\n${JSON.stringify(message('b')).slice(0, 20)}`);
    await new FileDestination('staff', path).deliver(message('b'));
    const content = readFileSync(path, 'utf8').split('\n');
    expect(content[0]).toBe(whole);
    expect(JSON.parse(content[2]!)).toEqual(message('b'));
    expect(content[3]).toBe('');
  });

  it('closes the crash window behind the outbox: a message it already wrote is not written twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-dest-'));
    const path = join(dir, 'staff.jsonl');
    const outbox = await openFileOutbox({ file: join(dir, 'outbox.json'), destinations: [new FileDestination('staff', path)] });
    await outbox.enqueue([{ destination: 'staff', kind: 'feedback', code: 'PA-1', text: 'x' }]);
    // The line reached the file, then the process died before the outbox recorded the delivery.
    const [queued] = (JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8')) as OutboxData).pending;
    await new FileDestination('staff', path).deliver((({ attempts: _a, nextAttemptAt: _n, lastError: _l, ...m }) => m)(queued!));

    const restarted = await openFileOutbox({ file: join(dir, 'outbox.json'), destinations: [new FileDestination('staff', path)] });
    expect(await restarted.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(ids(path)).toEqual([queued!.id]);
  });
});

describe('ConsoleDestination', () => {
  it('prints a readable block once per message', async () => {
    const out: string[] = [];
    const terminal = new ConsoleDestination('terminal', (t) => out.push(t));
    const answer = message('a', { kind: 'staff-answer', to: { channel: 'terminal', chatId: 'local', userId: 'local' } });
    await terminal.deliver(answer);
    await terminal.deliver(answer);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('Trả lời của cán bộ · mã PA-a → người dân (terminal, local)');
    expect(out[0]).toContain('Nội dung a');
  });
});

describe('RoutedDestination', () => {
  const to = (channel: 'telegram' | 'zalo') => ({ channel, chatId: '42', userId: '7' });

  it('hands a message to the route for its channel', async () => {
    const telegram = recorder('telegram');
    const zalo = recorder('zalo');
    const citizen = new RoutedDestination('citizen', { telegram, zalo });
    await citizen.deliver(message('a', { to: to('zalo') }));
    await citizen.deliver(message('b', { to: to('telegram') }));
    expect(zalo.received.map((m) => m.id)).toEqual(['a']);
    expect(telegram.received.map((m) => m.id)).toEqual(['b']);
  });

  it('throws for a channel without a route, or a message without an address', async () => {
    const citizen = new RoutedDestination('citizen', { telegram: recorder('telegram') });
    await expect(citizen.deliver(message('a', { to: to('zalo') }))).rejects.toThrow('zalo');
    await expect(citizen.deliver(message('b'))).rejects.toThrow('không có địa chỉ');
  });

  it('leaves a message for an unrouted channel waiting in the outbox, and passes route failures through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-dest-'));
    const telegram = recorder('telegram');
    const outbox = await openFileOutbox({
      file: join(dir, 'outbox.json'),
      destinations: [new RoutedDestination('citizen', { telegram }), new RoutedDestination('broken', { telegram: recorder('tg', true) })],
      log: () => {},
    });
    const answer = { destination: 'citizen', kind: 'staff-answer' as const, text: 'x' };
    await outbox.enqueue([
      { ...answer, code: 'PA-1', to: to('zalo') },
      { ...answer, code: 'PA-2', destination: 'broken', to: to('telegram') },
    ]);
    await outbox.flush();
    expect(await (await outbox.pending()).map((m) => [m.code, m.lastError])).toEqual([
      ['PA-1', 'chưa có kênh gửi tin qua zalo'],
      ['PA-2', 'tg lỗi'],
    ]);
    expect(telegram.received).toEqual([]);
  });
});
