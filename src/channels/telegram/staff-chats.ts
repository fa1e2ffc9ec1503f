// Which Telegram chats and people are Home Affairs staff: the deployment's staff group, each
// unit's own group (a deployment serving several wards), and people allowed from anywhere.
// A unit's group acts on its unit's records only; the others on all.
export class StaffChats {
  constructor(
    private readonly staffChatId: string | undefined,
    private readonly unitChats: () => ReadonlyMap<string, string>,
    private readonly staffIds: ReadonlySet<string>,
  ) {}

  /** A group where forwarded feedback arrives and replies to it answer. */
  isStaffChat(chatId: string): boolean {
    return chatId === this.staffChatId || [...this.unitChats().values()].includes(chatId);
  }

  isStaff(chatId: string, userId: string | undefined): boolean {
    return this.isStaffChat(chatId) || (userId !== undefined && this.staffIds.has(userId));
  }

  /** The unit whose group this is; undefined for the deployment's group and private chats. */
  unitOf(chatId: string): string | undefined {
    if (chatId === this.staffChatId) return undefined;
    for (const [unit, chat] of this.unitChats()) if (chat === chatId) return unit;
    return undefined;
  }
}
