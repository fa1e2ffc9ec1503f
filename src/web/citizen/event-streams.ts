// The event streams open to citizens' chat pages, counted: a bound per address and in all,
// so a script cannot hold a thousand connections (and open files) from one address; and
// ended together when the server stops, so an open page never keeps the bot running.
import type { ServerResponse } from 'node:http';
import type { StreamLimits } from '../rate-limits.ts';

/** Why a stream was refused, or the function that releases the one admitted. */
export type Admission = { ok: false; reason: 'address' | 'total' } | { ok: true; release: () => void };

export class EventStreams {
  private readonly byAddress = new Map<string, number>();
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly limits: StreamLimits) {}

  /** `exempt`: not bound per address (this machine itself); the total still applies. */
  admit(address: string, response: ServerResponse, exempt = false): Admission {
    const here = this.byAddress.get(address) ?? 0;
    if (this.open.size >= this.limits.total) return { ok: false, reason: 'total' };
    if (!exempt && here >= this.limits.perAddress) return { ok: false, reason: 'address' };
    this.byAddress.set(address, here + 1);
    this.open.add(response);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.open.delete(response);
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every open stream, asking pages to wait before they reconnect (the server is stopping). */
  endAll(): void {
    for (const response of [...this.open]) {
      if (!response.writableEnded) response.end('retry: 15000\n\n');
    }
  }
}
