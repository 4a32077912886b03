/**
 * What the functions sent through WeChat's open APIs (subscription messages, 小程序码, content
 * checks, phone numbers), as the local cloud answered them: listed by `GET /v1/outbox`, newest first.
 */
export interface OutboxEntry {
  id: number;
  /** e.g. `subscribeMessage.send`. */
  api: string;
  /** The calling function, if the call came from one. */
  functionName?: string;
  /** On the local cloud's clock, ISO 8601. */
  at: string;
  /** The request as the SDK sent it (snake_case keys); binary values as `{ contentType, bytes }`. */
  request: Record<string, unknown>;
  errCode: number;
  errMsg: string;
}

const MAX_ENTRIES = 1000;

export class Outbox {
  private readonly entries: OutboxEntry[] = [];
  private nextId = 1;

  record(entry: Omit<OutboxEntry, 'id'>): OutboxEntry {
    const full = { id: this.nextId++, ...entry };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return full;
  }

  /** Newest first. */
  list(): OutboxEntry[] {
    return [...this.entries].reverse();
  }
}
