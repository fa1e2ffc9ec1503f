// Web push on real HTTP: a local push service (an https server with its own certificate,
// as a browser vendor's would be) receives an announcement for a web subscriber, encrypted
// for that subscriber (aes128gcm) and signed with the bot's VAPID key, which is made once and
// kept in the store. The test decrypts it with the subscriber's private key. A subscription
// the push service says has ended (410) ends the citizen's subscription.
import { spawnSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSubscription } from '../src/announcements/subscription.ts';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe.skipIf(!hasOpenssl)('web push to a local push service', () => {
  let server: Server;
  let bot: Bot;
  let dataDir: string;
  const received: Received[] = [];
  const browser = createECDH('prime256v1');
  browser.generateKeys();
  const auth = randomBytes(16);
  let endpoint = '';

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-push-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const cert = readFileSync(join(dir, 'cert.pem'));
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(req.url?.includes('gone') ? 410 : 201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/push/sub-1`;
    dataDir = mkdtempSync(join(tmpdir(), 'tthc-push-data-'));
    bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir }, { webPush: { subject: 'mailto:it@blao.lamdong.gov.vn', pageUrl: 'https://hoidap.blao.lamdong.gov.vn/', agent: new Agent({ ca: cert }) } });
    bot.broadcast.start();
  }, 30_000);

  afterAll(async () => {
    await bot?.close();
    await new Promise((r) => server?.close(r));
  });

  it('delivers an announcement encrypted for the subscriber, signed with the kept VAPID key, and into the chat inbox', async () => {
    const keys = { p256dh: browser.getPublicKey().toString('base64url'), auth: auth.toString('base64url') };
    const to = (id: string) => ({ channel: 'web' as const, chatId: id, userId: id });
    await bot.store.announcements.subscribe(newSubscription(to('web-citizen-1'), undefined, new Date(), { endpoint, keys }));
    await bot.store.announcements.subscribe(newSubscription(to('web-citizen-2'), undefined, new Date(), { endpoint: endpoint.replace('sub-1', 'gone-2'), keys }));
    const { announcement, recipients } = await bot.announcements.create({ title: 'Lịch nghỉ lễ 30/4', text: 'Bộ phận một cửa nghỉ từ 30/4 đến hết 3/5.', by: 'test' });
    expect(recipients).toBe(2);
    for (const until = Date.now() + 20_000; received.length < 2 || (await bot.store.announcements.get(announcement.id))?.status !== 'sent'; ) {
      if (Date.now() > until) throw new Error(`timed out: ${received.length} pushes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const push = received.find((r) => r.path === '/push/sub-1')!;
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    const vapid = await bot.store.announcements.vapidKeys(() => ({ publicKey: 'never', privateKey: 'never' }));
    expect(String(push.headers.authorization)).toMatch(new RegExp(`^vapid t=[\\w.-]+, k=${vapid.publicKey}$`));
    const plain = JSON.parse(ece.decrypt(push.body, { version: 'aes128gcm', privateKey: browser, authSecret: auth.toString('base64url') }).toString('utf8')) as { title: string; body: string; url: string };
    expect(plain).toEqual({ title: 'Lịch nghỉ lễ 30/4', body: 'Bộ phận một cửa nghỉ từ 30/4 đến hết 3/5.', url: 'https://hoidap.blao.lamdong.gov.vn/' });
    expect((await bot.webInbox.list('web-citizen-1')).map((m) => m.kind)).toEqual(['announcement']);
    // The push service says the second browser's subscription has ended: so does the citizen's.
    expect(await bot.store.announcements.subscription('web:web-citizen-2')).toBeUndefined();
    expect(await bot.store.announcements.get(announcement.id)).toMatchObject({ delivered: 1, blocked: 1 });
  });

  it('keeps the same VAPID key across a restart', async () => {
    const before = await bot.push.publicKey();
    await bot.close();
    bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir });
    expect(await bot.push.publicKey()).toBe(before);
    expect(Buffer.from(before, 'base64url')).toHaveLength(65);
  });
});
