/**
 * Per-GraphQL-request memo of upstream reads. Datasources route every read through it, keyed by the vendor
 * resource, so one request never asks a vendor for the same thing twice even when two resolvers (or two
 * loaders) need it. Writes never go through it.
 */
export class RequestMemo {
  private readonly connections = new Map<string, ConnectionMemo>();

  /** The memo of one connection: keys are that connection's resource names, never seen by another connection. */
  forConnection(connectionId: string): ConnectionMemo {
    let memo = this.connections.get(connectionId);
    if (!memo) {
      memo = new ConnectionMemo();
      this.connections.set(connectionId, memo);
    }
    return memo;
  }
}

/** One connection's share of the request memo. */
export class ConnectionMemo {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** The first caller of `key` runs `load` (synchronously, so later callers in the same tick already share it). */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    const pending = load();
    this.entries.set(key, pending);
    return pending;
  }

  /**
   * Records a value that a broader read already returned (a list answers every per-id read of its items),
   * so a later `once(key)` costs no vendor call. An entry already present is kept.
   */
  prime<T>(key: string, value: T): void {
    if (!this.entries.has(key)) this.entries.set(key, Promise.resolve(value));
  }

  /** After a write, every cached read of the connection may be stale. */
  forget(): void {
    this.entries.clear();
  }
}

/** What every datasource call receives from the GraphQL request that caused it. */
export interface CallContext {
  /** Propagated to vendors that accept one (alfaview `requestId`) and to logs. */
  requestId: string;
  memo: RequestMemo;
}

export function newCallContext(requestId: string): CallContext {
  return { requestId, memo: new RequestMemo() };
}
