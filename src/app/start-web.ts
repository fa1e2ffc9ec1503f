// Puts the running bot on the web: the citizen chat and the staff workspace, over the same
// conversation, feedback store, outbox and knowledge as every other channel.
import { StaffAuth } from '../web/staff/auth.ts';
import { Signer } from '../web/security.ts';
import { startWebServer, type RunningWeb, type WebOptions } from '../web/server.ts';
import type { AppConfig } from './config.ts';
import { KNOWLEDGE_CHANGED, type Bot } from './open-bot.ts';

export async function startWeb(
  bot: Bot,
  config: Pick<AppConfig, 'WEB_PORT' | 'WEB_HOST' | 'TRUST_PROXY' | 'WEB_SESSION_SECRET' | 'WEB_EMBED_ORIGINS'>,
  health: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  now: () => Date = () => new Date(),
  extra: Pick<WebOptions, 'streamLimits'> = {},
): Promise<RunningWeb> {
  const signer = new Signer(await bot.store.webSecret(config.WEB_SESSION_SECRET));
  const current = () => bot.knowledge.current();
  return startWebServer(
    {
      citizen: {
        conversation: bot.conversation,
        settings: (id) => {
          const { units } = current();
          const unit = units.get(id);
          return unit ? { settings: unit.settings, unit: unit.id } : { settings: units.settingsOf(undefined) };
        },
        inbox: bot.webInbox,
        signer,
      },
      staff: {
        auth: new StaffAuth(signer, bot.accounts, now),
        accounts: bot.accounts,
        feedback: bot.feedback,
        outbox: bot.outbox,
        knowledge: () => {
          const { engine, settings, units, knowledge } = current();
          return { engine, settings, units, entries: knowledge.entries, pathOf: knowledge.pathOf };
        },
        // This replica at once; the others when told (they share the knowledge folder).
        reloadKnowledge: () => {
          bot.knowledge.checkForChanges();
          void bot.store.events.publish(KNOWLEDGE_CHANGED, '').catch(() => undefined);
        },
        now,
        log: bot.log,
      },
      health,
      log: bot.log,
    },
    { port: config.WEB_PORT, host: config.WEB_HOST, trustProxy: config.TRUST_PROXY, embedOrigins: config.WEB_EMBED_ORIGINS, ...extra },
  );
}
