// A broadcast on real processes: subscribers written straight into a store (many, fast), the
// service started against the fake Telegram Bot API, the `announce` command run beside it,
// and what the fake received read back per chat and per second.
import { spawn } from 'node:child_process';
import { newSubscription } from '../../src/announcements/subscription.ts';
import { PROJECT_ROOT } from '../../src/app/paths.ts';
import type { BotStore } from '../../src/storage/bot-store.ts';
import type { SentMessage } from './fake-telegram-api.ts';
import { startService, type ServiceProcess } from './service-process.ts';

/** Telegram user ids of the test citizens: chat n is 500000 + n. */
export const chatOf = (n: number) => 500_000 + n;

/** Subscribes citizens `from`…`to - 1` on Telegram, in batches (each batch shares one write of a data file). */
export async function seedSubscribers(store: BotStore, from: number, to: number, unit?: string): Promise<void> {
  const at = new Date();
  for (let i = from; i < to; i += 1_000) {
    const batch = [];
    for (let n = i; n < Math.min(to, i + 1_000); n++) {
      const id = String(chatOf(n));
      batch.push(store.announcements.subscribe(newSubscription({ channel: 'telegram', chatId: id, userId: id }, unit, at)));
    }
    await Promise.all(batch);
  }
}

/** Resolves once the service says it runs; rejects if it exits first. */
export async function whenRunning(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!service.output.text.includes('Bot đang chạy')) {
    if (service.child.exitCode !== null) throw new Error(`service exited:\n${service.output.text}`);
    if (Date.now() - started > timeoutMs) throw new Error(`service did not start:\n${service.output.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function startBot(env: Record<string, string>): ServiceProcess {
  return startService({ LOG_LEVEL: 'info', ...env });
}

/** Runs the CLI (`npm run -s cli -- …`) and resolves with its exit code and output. */
export function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What a broadcast looked like from Telegram's side. */
export interface BroadcastFigures {
  messages: number;
  chats: number;
  /** Chats that received it more than once, and how many extra messages they got. */
  duplicates: number;
  /** Most messages in any one-second window. */
  maxPerSecond: number;
  /** Least time between two messages to one chat (ms); Infinity when no chat got two. */
  minChatSpacingMs: number;
  /** Of each chat that got it more than once: when it first got it, and how many times in all. */
  resent: { firstAt: number; times: number }[];
}

export function figures(sent: readonly SentMessage[]): BroadcastFigures {
  const byChat = new Map<number, number[]>();
  for (const m of sent) byChat.set(m.chat.id, [...(byChat.get(m.chat.id) ?? []), m.at]);
  let duplicates = 0;
  let minChatSpacingMs = Infinity;
  const resent: BroadcastFigures['resent'] = [];
  for (const times of byChat.values()) {
    duplicates += times.length - 1;
    if (times.length > 1) resent.push({ firstAt: times[0]!, times: times.length });
    for (let i = 1; i < times.length; i++) minChatSpacingMs = Math.min(minChatSpacingMs, times[i]! - times[i - 1]!);
  }
  const times = sent.map((m) => m.at).sort((a, b) => a - b);
  let maxPerSecond = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1_000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
  return { messages: sent.length, chats: byChat.size, duplicates, maxPerSecond, minChatSpacingMs, resent };
}
