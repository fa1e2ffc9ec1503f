// A chat's updates handled one after another, in the order they came; different chats side
// by side, so one slow chat holds up no other.
export class ChatTurns {
  /** Per chat, its latest work (settled either way). */
  private readonly last = new Map<string, Promise<void>>();

  /** Runs `work` once the chat's earlier work has settled; the result is the work's. */
  run<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.last.get(chatId) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.last.set(chatId, settled);
    void settled.then(() => this.last.get(chatId) === settled && this.last.delete(chatId));
    return run;
  }

  /** Resolves once every chat's work so far has settled. */
  async idle(): Promise<void> {
    while (this.last.size) await Promise.all(this.last.values());
  }
}
