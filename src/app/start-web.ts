// Puts the running bot on the web: the citizen chat and the staff workspace, over the same
// conversation, feedback store, outbox and knowledge as every other channel.
import { StaffAuth } from '../web/staff/auth.ts';
import { Signer } from '../web/security.ts';
import { startWebServer, type RunningWeb } from '../web/server.ts';
import type { AppConfig } from './config.ts';
import type { Bot } from './open-bot.ts';

export async function startWeb(
  bot: Bot,
  config: Pick<AppConfig, 'WEB_PORT' | 'WEB_HOST' | 'TRUST_PROXY' | 'WEB_SESSION_SECRET' | 'WEB_EMBED_ORIGINS'>,
  health: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  now: () => Date = () => new Date(),
): Promise<RunningWeb> {
  const signer = new Signer(await bot.store.webSecret(config.WEB_SESSION_SECRET));
  const current = () => bot.knowledge.current();
  return startWebServer(
    {
      citizen: { conversation: bot.conversation, settings: () => current().settings, inbox: bot.webInbox, signer },
      staff: {
        auth: new StaffAuth(signer, bot.accounts, now),
        accounts: bot.accounts,
        feedback: bot.feedback,
        outbox: bot.outbox,
        knowledge: () => {
          const { engine, settings, knowledge } = current();
          return { engine, settings, entries: knowledge.entries, pathOf: knowledge.pathOf };
        },
        reloadKnowledge: () => void bot.knowledge.checkForChanges(),
        now,
        log: bot.log,
      },
      health,
      log: bot.log,
    },
    { port: config.WEB_PORT, host: config.WEB_HOST, trustProxy: config.TRUST_PROXY, embedOrigins: config.WEB_EMBED_ORIGINS },
  );
}
