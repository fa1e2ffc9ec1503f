// What a staff command may ask the running bot to do through its control socket: the same
// actions as the staff pages.
import { AnnouncementInputError } from '../announcements/actions.ts';
import { announce } from '../announcements/announce-request.ts';
import { draftsAfterImport, draftTargets } from '../announcements/catalog-draft.ts';
import type { ControlHandlers } from './control-socket.ts';
import type { Bot } from './open-bot.ts';

export function controlHandlers(bot: Bot): ControlHandlers {
  return {
    announce: (input) => announce(bot.announcements, input),
    'catalog-drafts': (input) => {
      const { settings, units } = bot.knowledge.current().knowledge;
      return draftsAfterImport(bot.announcements, input, draftTargets(settings.unit.name, units));
    },
  };
}

/** Errors that are the asker's to correct (reported as such, not as a failure of the bot). */
export const isInputError = (err: unknown) => err instanceof AnnouncementInputError;
