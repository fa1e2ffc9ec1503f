// Puts the running bot on the web: the citizen chat and the staff workspace, over the same
// conversation, feedback store, outbox and knowledge as every other channel.
import { StaffAuth } from '../web/staff/auth.ts';
import { Signer } from '../web/security.ts';
import { startWebServer, type RunningWeb, type WebOptions } from '../web/server.ts';
import type { AppConfig } from './config.ts';
import { reviewKnowledge } from '../knowledge/review.ts';
import { todayOn } from '../time/clock.ts';
import { KNOWLEDGE_CHANGED, type Bot } from './open-bot.ts';

export async function startWeb(
  bot: Bot,
  config: Pick<AppConfig, 'WEB_PORT' | 'WEB_HOST' | 'TRUST_PROXY' | 'WEB_SESSION_SECRET' | 'WEB_EMBED_ORIGINS'> & Partial<Pick<AppConfig, 'PUBLIC_WEB_URL' | 'ZALO_BOT_URL'>>,
  health: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  now: () => Date = bot.now,
  /** The Telegram bot's username (settings, or Telegram once connected), for the poster. */
  channels: { telegramUsername?: () => string | undefined } = {},
  extra: Pick<WebOptions, 'streamLimits'> = {},
): Promise<RunningWeb> {
  const signer = new Signer(await bot.store.webSecret(config.WEB_SESSION_SECRET));
  const current = () => bot.knowledge.current();
  return startWebServer(
    {
      citizen: {
        conversation: bot.conversation,
        transcripts: bot.store.transcripts,
        now,
        settings: (id) => {
          const { units } = current();
          const unit = units.get(id);
          return unit ? { settings: unit.settings, unit: unit.id } : { settings: units.settingsOf(undefined) };
        },
        inbox: bot.webInbox,
        signer,
        announcements: { store: bot.store.announcements, push: bot.push },
      },
      staff: {
        auth: new StaffAuth(signer, bot.accounts, now),
        accounts: bot.accounts,
        feedback: bot.feedback,
        attachments: bot.store.attachments,
        outbox: bot.outbox,
        knowledge: () => {
          const { engine, settings, units, knowledge, casework } = current();
          return { engine, settings, units, entries: knowledge.entries, pathOf: knowledge.pathOf, casework, review: () => reviewKnowledge(knowledge, todayOn(now)) };
        },
        // This replica at once; the others when told (they share the knowledge folder).
        reloadKnowledge: () => {
          bot.knowledge.checkForChanges();
          void bot.store.events.publish(KNOWLEDGE_CHANGED, '').catch(() => undefined);
        },
        now,
        log: bot.log,
        announcements: { actions: bot.announcements, store: bot.store.announcements },
        posterLinks: () => ({ web: config.PUBLIC_WEB_URL, telegram: channels.telegramUsername?.(), zalo: config.ZALO_BOT_URL }),
      },
      health,
      log: bot.log,
    },
    { port: config.WEB_PORT, host: config.WEB_HOST, trustProxy: config.TRUST_PROXY, embedOrigins: config.WEB_EMBED_ORIGINS, ...extra },
  );
}
