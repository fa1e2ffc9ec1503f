// The outbox on real files in temp dirs, with an injected clock: retries are driven by
// advancing the clock and calling flush(), never by sleeping through a backoff.
import { describe, expect, it, vi } from 'vitest';
import { openFileOutbox } from '../src/storage/lowdb/outbox-file.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { retryDelay } from '../src/outbox/backoff.ts';
import { PermanentDeliveryError, type Destination, type OutboxMessage } from '../src/outbox/message.ts';
import type { OutboxOptions } from '../src/outbox/outbox.ts';
import type { OutboxData } from '../src/storage/lowdb/outbox-file.ts';
import { DataFileCorruptError } from '../src/storage/lowdb/json-document.ts';

/** Records what it receives; does not drop repeats, so a duplicate delivery shows. */
class FakeDestination implements Destination {
  readonly received: OutboxMessage[] = [];
  calls = 0;
  private failures = 0;
  private gate: Promise<void> | undefined;

  constructor(readonly name: string) {}

  /** The next `n` deliveries throw. */
  failNext(n: number): void {
    this.failures = n;
  }

  /** Deliveries wait until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async deliver(message: OutboxMessage): Promise<void> {
    this.calls++;
    await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`${this.name} không phản hồi`);
    }
    this.received.push(message);
  }
}

const SECRET = 'Nguyễn Văn A, 0912 345 678, số 5 ngõ 12';
const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

function setup(extra: Partial<OutboxOptions> = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'tthc-outbox-')), 'outbox.json');
  let t = Date.parse('2026-03-02T08:00:00.000Z');
  const logs: string[] = [];
  const open = (destinations: Destination[], more: Partial<OutboxOptions> = {}) =>
    openFileOutbox({ file, destinations, now: () => new Date(t), random: () => 0, log: (l) => logs.push(l), ...extra, ...more });
  return {
    file,
    logs,
    open,
    advance: (ms: number) => (t += ms),
    at: (offsetMs = 0) => new Date(t + offsetMs).toISOString(),
    onDisk: () => JSON.parse(readFileSync(file, 'utf8')) as OutboxData,
  };
}

const msg = (destination: string, code: string, text = SECRET) => ({ destination, kind: 'feedback' as const, code, text });
const codes = (d: FakeDestination) => d.received.map((m) => m.code);

describe('outbox', () => {
  it('writes messages to the file before delivering, then delivers them in order and keeps only ids', async () => {
    const s = setup();
    const staff = new FakeDestination('staff');
    const outbox = await s.open([staff]);
    await outbox.enqueue([msg('staff', 'PA-1'), msg('staff', 'PA-2'), msg('staff', 'PA-3')]);

    const queued = s.onDisk().pending;
    expect(queued.map((m) => m.code)).toEqual(['PA-1', 'PA-2', 'PA-3']);
    expect(queued[0]).toMatchObject({ destination: 'staff', text: SECRET, createdAt: s.at(), attempts: 0 });
    expect(queued[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(queued.map((m) => m.id)).size).toBe(3);
    expect(staff.calls).toBe(0);

    expect(await outbox.flush()).toEqual({ delivered: 3, failed: 0, pending: 0 });
    expect(codes(staff)).toEqual(['PA-1', 'PA-2', 'PA-3']);
    expect(staff.received[0]).toEqual({
      id: queued[0]!.id,
      destination: 'staff',
      kind: 'feedback',
      code: 'PA-1',
      text: SECRET,
      createdAt: s.at(),
    });
    const disk = s.onDisk();
    expect(disk.pending).toEqual([]);
    expect(disk.delivered).toEqual(queued.map((m) => ({ id: m.id, destination: 'staff', at: s.at() })));
    expect(readFileSync(s.file, 'utf8')).not.toContain(SECRET);
  });

  it('hands a destination only messages already on disk', async () => {
    const s = setup();
    const onDiskWhenDelivered: boolean[] = [];
    const probe: Destination = {
      name: 'staff',
      deliver: async (m) => void onDiskWhenDelivered.push(s.onDisk().pending.some((p) => p.id === m.id)),
    };
    const outbox = await s.open([probe]);
    const enqueued = outbox.enqueue([msg('staff', 'PA-1')]);
    expect(await outbox.flush()).toMatchObject({ delivered: 0 }); // runs while the write is under way
    await enqueued;
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
    expect(onDiskWhenDelivered).toEqual([true]);
  });

  it('rejects an enqueue that could not be written, and does not deliver it', async () => {
    const s = setup();
    const staff = new FakeDestination('staff');
    const outbox = await s.open([staff]);
    rmSync(dirname(s.file), { recursive: true });
    await expect(outbox.enqueue([msg('staff', 'PA-1')])).rejects.toThrow();
    expect(await outbox.pending()).toEqual([]);
    await outbox.flush();
    expect(staff.calls).toBe(0);
  });

  it('retries a failed delivery with exponential backoff until it succeeds, logging the failure once', async () => {
    const s = setup();
    const staff = new FakeDestination('staff');
    const outbox = await s.open([staff]);
    staff.failNext(3);
    await outbox.enqueue([msg('staff', 'PA-1')]);

    expect(await outbox.flush()).toEqual({ delivered: 0, failed: 1, pending: 1 });
    expect(await (await outbox.pending())[0]).toMatchObject({ attempts: 1, nextAttemptAt: s.at(1 * SECOND), lastError: 'staff không phản hồi' });

    await outbox.flush(); // not due yet
    s.advance(1 * SECOND - 1);
    await outbox.flush(); // still not due
    expect(staff.calls).toBe(1);

    s.advance(1);
    await outbox.flush();
    expect(await (await outbox.pending())[0]).toMatchObject({ attempts: 2, nextAttemptAt: s.at(2 * SECOND) });
    s.advance(2 * SECOND);
    await outbox.flush();
    expect(await (await outbox.pending())[0]).toMatchObject({ attempts: 3, nextAttemptAt: s.at(4 * SECOND) });
    s.advance(4 * SECOND);
    expect(await outbox.flush()).toEqual({ delivered: 1, failed: 0, pending: 0 });
    expect(staff.calls).toBe(4);
    expect(codes(staff)).toEqual(['PA-1']);

    expect(s.logs).toHaveLength(2);
    expect(s.logs[0]).toMatch(/chưa gửi được .* \(feedback PA-1\) tới "staff" \(lần 1\): staff không phản hồi/);
    expect(s.logs[1]).toMatch(/đã gửi .* sau 4 lần thử/);
    for (const line of s.logs) expect(line).not.toContain(SECRET);
  });

  it('caps the backoff and only ever shortens it with jitter', () => {
    const backoff = { initialMs: 1000, maxMs: 600_000, factor: 2 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, backoff, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(30, backoff, () => 0)).toBe(600_000);
    const jittered = retryDelay(30, backoff, () => 0.999);
    expect(jittered).toBeGreaterThanOrEqual(480_000);
    expect(jittered).toBeLessThan(600_000);
  });

  it('loses nothing and duplicates nothing across restarts', async () => {
    const s = setup();
    await (await s.open([new FakeDestination('staff')])).enqueue([msg('staff', 'PA-1'), msg('staff', 'PA-2')]);

    // Reopened without having delivered: the messages are still there and go out once.
    const staff = new FakeDestination('staff');
    const second = await s.open([staff]);
    expect(await (await second.pending()).map((m) => m.code)).toEqual(['PA-1', 'PA-2']);
    await second.flush();
    await second.flush();
    expect(codes(staff)).toEqual(['PA-1', 'PA-2']);

    // Reopened after delivering: nothing is sent again.
    const again = new FakeDestination('staff');
    const third = await s.open([again]);
    expect(await third.pending()).toEqual([]);
    await third.flush();
    expect(again.calls).toBe(0);
  });

  it('keeps the retry state across a restart', async () => {
    const s = setup();
    const failing = new FakeDestination('staff');
    failing.failNext(1);
    const first = await s.open([failing]);
    await first.enqueue([msg('staff', 'PA-1')]);
    await first.flush();

    const staff = new FakeDestination('staff');
    const second = await s.open([staff]);
    expect(await (await second.pending())[0]).toMatchObject({ attempts: 1, nextAttemptAt: s.at(SECOND), lastError: 'staff không phản hồi' });
    await second.flush();
    expect(staff.calls).toBe(0);
    s.advance(SECOND);
    await second.flush();
    expect(codes(staff)).toEqual(['PA-1']);
  });

  it('never sends a message the file already records as delivered', async () => {
    const s = setup();
    const staff = new FakeDestination('staff');
    await (await s.open([staff])).enqueue([msg('staff', 'PA-1')]);
    // As after restoring pending from an older copy: the message is both pending and delivered.
    const data = s.onDisk();
    data.delivered.push({ id: data.pending[0]!.id, destination: 'staff', at: s.at() });
    writeFileSync(s.file, JSON.stringify(data));

    // Cleaned up as the file opens: the delivered record wins.
    const outbox = await s.open([staff]);
    expect(await outbox.flush()).toEqual({ delivered: 0, failed: 0, pending: 0 });
    expect(staff.calls).toBe(0);
    expect(s.onDisk().pending).toEqual([]);
  });

  it('does not let a failing destination hold up another', async () => {
    const s = setup();
    const down = new FakeDestination('telegram');
    const up = new FakeDestination('file');
    down.failNext(Infinity);
    const outbox = await s.open([down, up]);
    await outbox.enqueue([msg('telegram', 'PA-1'), msg('file', 'PA-1'), msg('telegram', 'PA-2'), msg('file', 'PA-2')]);

    expect(await outbox.flush()).toEqual({ delivered: 2, failed: 1, pending: 2 });
    expect(codes(up)).toEqual(['PA-1', 'PA-2']);
    expect(await (await outbox.pending()).map((m) => [m.destination, m.code, m.attempts])).toEqual([
      ['telegram', 'PA-1', 1],
      ['telegram', 'PA-2', 0],
    ]);
  });

  it('delivers to one destination in order: a failed message holds back the ones behind it', async () => {
    const s = setup();
    const citizen = new FakeDestination('citizen');
    const outbox = await s.open([citizen]);
    citizen.failNext(1);
    await outbox.enqueue([msg('citizen', 'PA-1')]);
    await outbox.flush();
    await outbox.enqueue([{ ...msg('citizen', 'PA-1'), kind: 'staff-answer' }]);
    await outbox.flush();
    expect(citizen.calls).toBe(1); // the answer waits for the feedback acknowledgement

    s.advance(SECOND);
    await outbox.flush();
    expect(citizen.received.map((m) => m.kind)).toEqual(['feedback', 'staff-answer']);
  });

  it('keeps a message for an unknown destination, shows why, and logs it once', async () => {
    const s = setup();
    const staff = new FakeDestination('staff');
    const outbox = await s.open([staff]);
    await outbox.enqueue([msg('zalo-group', 'PA-1'), msg('staff', 'PA-1')]);
    for (let i = 0; i < 4; i++) {
      await outbox.flush();
      s.advance(60 * SECOND);
    }
    expect(codes(staff)).toEqual(['PA-1']);
    expect(await outbox.pending()).toEqual([
      expect.objectContaining({ destination: 'zalo-group', attempts: 4, lastError: 'không có nơi nhận "zalo-group" trong cấu hình' }),
    ]);
    expect(s.logs.filter((l) => l.includes('zalo-group'))).toHaveLength(1);
  });

  it('shows staff the waiting messages without their text or the citizen address', async () => {
    const s = setup();
    const outbox = await s.open([]);
    await outbox.enqueue([{ ...msg('citizen', 'PA-9'), kind: 'staff-answer', to: { channel: 'telegram', chatId: '42', userId: '42' } }]);
    const [view] = (await outbox.pending());
    expect(view).toEqual({
      id: expect.any(String),
      destination: 'citizen',
      kind: 'staff-answer',
      code: 'PA-9',
      createdAt: s.at(),
      attempts: 0,
      nextAttemptAt: s.at(),
    });
  });

  it('prunes delivered records after the retention period, on delivery and on opening', async () => {
    const s = setup({ keepDeliveredDays: 7 });
    const staff = new FakeDestination('staff');
    const outbox = await s.open([staff]);
    await outbox.enqueue([msg('staff', 'PA-1')]);
    await outbox.flush();
    s.advance(7 * DAY);
    await outbox.enqueue([msg('staff', 'PA-2')]);
    await outbox.flush();
    expect(s.onDisk().delivered).toHaveLength(2); // exactly 7 days old: still kept

    s.advance(1);
    await outbox.enqueue([msg('staff', 'PA-3')]);
    await outbox.flush();
    expect(s.onDisk().delivered.map((r) => r.at)).toEqual([s.at(-1), s.at()]);

    s.advance(8 * DAY);
    await s.open([staff]);
    expect(s.onDisk().delivered).toEqual([]);
  });

  it('refuses a damaged outbox file, naming it', async () => {
    const s = setup();
    writeFileSync(s.file, '{"pending": [{"id": "a", "desti');
    await expect(s.open([])).rejects.toThrow(DataFileCorruptError);
    await expect(s.open([])).rejects.toThrow(s.file);

    writeFileSync(s.file, JSON.stringify({ pending: [{ id: 'a' }], delivered: [] }));
    await expect(s.open([])).rejects.toMatchObject({ name: 'DataFileCorruptError', file: s.file });
    expect(readFileSync(s.file, 'utf8')).toContain('"id":"a"'); // left as it was
  });

  it('refuses two destinations with one name', async () => {
    const s = setup();
    await expect(s.open([new FakeDestination('staff'), new FakeDestination('staff')])).rejects.toThrow('"staff"');
  });

  describe('in the background', () => {
    const fast = { now: () => new Date(), backoff: { initialMs: 5, maxMs: 20, factor: 2 } };

    it('delivers what is enqueued and retries on its timer', async () => {
      const s = setup(fast);
      const staff = new FakeDestination('staff');
      staff.failNext(2);
      const outbox = await s.open([staff]);
      outbox.start();
      await outbox.enqueue([msg('staff', 'PA-1'), msg('staff', 'PA-2')]);
      await vi.waitFor(() => expect(codes(staff)).toEqual(['PA-1', 'PA-2']));
      await outbox.stop();
      expect(staff.calls).toBe(4);
      expect(s.onDisk().pending).toEqual([]);
    });

    it('stop() waits for the delivery in flight, records it, and takes no further message', async () => {
      const s = setup(fast);
      const staff = new FakeDestination('staff');
      const release = staff.hold();
      const outbox = await s.open([staff]);
      outbox.start();
      await outbox.enqueue([msg('staff', 'PA-1'), msg('staff', 'PA-2')]);
      await vi.waitFor(() => expect(staff.calls).toBe(1));

      let stopped = false;
      const stopping = outbox.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(codes(staff)).toEqual(['PA-1']);
      expect(s.onDisk().pending.map((m) => m.code)).toEqual(['PA-2']);

      await outbox.flush();
      expect(codes(staff)).toEqual(['PA-1', 'PA-2']);
    });
  });
  describe('lanes per chat', () => {
    const reply = (chatId: string, text: string) => ({ destination: 'citizen', kind: 'reply' as const, text, to: { channel: 'zalo' as const, chatId, userId: chatId } });

    it('keeps one chat\'s replies in order while another chat\'s failures hold back only that chat', async () => {
      const s = setup();
      const failing = new Set(['chat-A']);
      const received: string[] = [];
      const citizen: Destination = {
        name: 'citizen',
        deliver: async (m) => {
          if (failing.has(m.to!.chatId)) throw new Error('tạm thời không gửi được');
          received.push(`${m.to!.chatId}:${m.text}`);
        },
      };
      const outbox = await s.open([citizen]);
      await outbox.enqueue([reply('chat-A', 'a1'), reply('chat-B', 'b1'), reply('chat-A', 'a2'), reply('chat-B', 'b2')]);
      expect(await outbox.flush()).toEqual({ delivered: 2, failed: 1, pending: 2 });
      expect(received).toEqual(['chat-B:b1', 'chat-B:b2']);
      failing.clear();
      s.advance(5 * SECOND);
      await outbox.flush();
      expect(received).toEqual(['chat-B:b1', 'chat-B:b2', 'chat-A:a1', 'chat-A:a2']);
    });

    it('delivers to an idle chat while a send to another chat is still under way', async () => {
      const s = setup({ pollMs: 20 });
      let releaseA = () => {};
      const heldA = new Promise<void>((resolve) => (releaseA = resolve));
      const received: string[] = [];
      const citizen: Destination = {
        name: 'citizen',
        deliver: async (m) => {
          if (m.to!.chatId === 'chat-A') await heldA;
          received.push(m.to!.chatId);
        },
      };
      const outbox = await s.open([citizen]);
      outbox.start();
      await outbox.enqueue([reply('chat-A', 'chậm')]);
      await outbox.enqueue([reply('chat-B', 'nhanh')]);
      await vi.waitFor(() => expect(received).toEqual(['chat-B']));
      releaseA();
      await vi.waitFor(() => expect(received).toEqual(['chat-B', 'chat-A']));
      await outbox.stop();
    });

    it('gives a message up when the destination refuses it for good, keeping no text, and goes on with the next', async () => {
      const s = setup();
      const received: string[] = [];
      const citizen: Destination = {
        name: 'citizen',
        deliver: async (m) => {
          if (m.text === 'không gửi được') throw new PermanentDeliveryError('chat không tồn tại');
          received.push(m.text);
        },
      };
      const outbox = await s.open([citizen]);
      await outbox.enqueue([reply('chat-A', 'không gửi được'), reply('chat-A', 'tin sau')]);
      expect(await outbox.flush()).toMatchObject({ pending: 0 });
      expect(received).toEqual(['tin sau']);
      expect(s.onDisk().undeliverable).toEqual([expect.objectContaining({ destination: 'citizen', error: 'chat không tồn tại' })]);
      expect(JSON.stringify(s.onDisk())).not.toContain('không gửi được');
      expect(s.logs.join('\n')).toMatch(/BỎ .*chat không tồn tại/);
    });
  });
});
