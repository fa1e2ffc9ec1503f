// Many small statements of the same kind, sent as one: under load, each message's session
// read, session write and transcript row would cost a statement (a round trip, a parse, a
// commit) apiece, and the database and the socket, not the bot, would set the pace. The
// first call goes out at once; calls arriving while a batch is out wait and leave together
// with the next one. An idle bot pays no delay, a busy one fewer statements.

export interface BatcherOptions {
  /**
   * Batches out at once. One by default: calls then take effect in the order they were made
   * (two saves of one session: the later holds), which two batches on two connections
   * would not promise.
   */
  inFlight?: number;
  /** Largest batch: a statement's arrays stay small enough to plan and send quickly. */
  maxSize?: number;
}

interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (err: unknown) => void;
}

/**
 * `run` gets the inputs in the order they were called and returns one output per input, in
 * the same order; when it throws, every call of the batch fails with that error.
 */
export class Batcher<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private out = 0;
  private readonly inFlight: number;
  private readonly maxSize: number;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    options: BatcherOptions = {},
  ) {
    this.inFlight = options.inFlight ?? 1;
    this.maxSize = options.maxSize ?? 200;
  }

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.out < this.inFlight && this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxSize);
      this.out++;
      void this.send(batch);
    }
  }

  private async send(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const outputs = await this.run(batch.map((w) => w.input));
      if (outputs.length !== batch.length) throw new Error(`batch: ${outputs.length} results for ${batch.length} calls`);
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.out--;
      this.pump();
    }
  }
}
