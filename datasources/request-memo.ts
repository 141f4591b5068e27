/**
 * Per-GraphQL-request memo of upstream reads. Clients route every read through it, keyed by the vendor
 * resource, so one request never asks a vendor for the same thing twice even when two resolvers (or two
 * loaders) need it. Writes never go through it.
 */
export class RequestMemo {
  private readonly entries = new Map<string, Promise<unknown>>();

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    const pending = load();
    this.entries.set(key, pending);
    return pending;
  }

  /** After a write the cached reads of that connection may be stale. */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
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
