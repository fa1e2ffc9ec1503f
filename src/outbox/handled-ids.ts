// The ids a channel has already handled (message parts sent, updates received): kept in the
// store, so that a restart neither sends a message again nor handles a received one twice,
// and so that several replicas sharing a database handle each update once.
export interface HandledIds {
  has(id: string): Promise<boolean>;
  /** Records the id; false when it was recorded already (by this process or another replica). */
  add(id: string): Promise<boolean>;
}

/** In memory only: for tests and one-shot tools. */
export class MemoryHandledIds implements HandledIds {
  private readonly ids = new Set<string>();
  async has(id: string): Promise<boolean> {
    return this.ids.has(id);
  }
  async add(id: string): Promise<boolean> {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }
}
