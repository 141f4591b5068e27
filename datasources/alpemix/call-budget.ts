/**
 * A rolling-window call budget: at most `limit` calls in any `windowMs`, on an injected clock.
 *
 * Alpemix blocks offenders (5 token requests / 3 report requests a minute, docs/vendors/alpemix.md "Limits"), so meetgraph
 * counts its own calls and refuses to send one the vendor would reject. Counting is deliberately conservative:
 * - a slot is taken BEFORE the call goes out (concurrent callers cannot both take the last one);
 * - while the call is in flight its slot never leaves the window;
 * - when it completes the slot is re-stamped with the completion time, which is never earlier than the
 *   moment the vendor received (and counted) it, so our window always ends after the vendor's does;
 * - a slot whose call never went out (e.g. the token step failed first) is released.
 */
export interface BudgetTicket {
  /** The call went out and has finished (success or failure): it now counts from this moment. */
  complete(): void;
  /** The call was never sent: give the slot back. */
  release(): void;
}

export type BudgetGrant = { granted: true; tickets: BudgetTicket[] } | { granted: false; retryAfterMs: number };

interface Slot {
  at: number;
  pending: boolean;
}

export class CallBudget {
  private slots: Slot[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => Date,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a positive integer');
    if (!(windowMs > 0)) throw new Error('windowMs must be positive');
  }

  /** Calls still allowed right now. */
  remaining(): number {
    this.prune();
    return Math.max(0, this.limit - this.slots.length);
  }

  /** Takes `count` slots at once, or none: a caller that needs two calls never gets just one. */
  take(count = 1): BudgetGrant {
    this.prune();
    if (count < 1) return { granted: true, tickets: [] };
    if (this.slots.length + count > this.limit) return { granted: false, retryAfterMs: this.waitFor(count) };
    const at = this.now().getTime();
    const tickets = Array.from({ length: count }, () => this.ticketFor({ at, pending: true }));
    return { granted: true, tickets };
  }

  /**
   * Fills the window as if `limit` calls had just completed: used when the vendor says the limit is hit anyway
   * (another process on the same account or IP), so meetgraph stops calling for a whole window.
   */
  saturate(): void {
    const at = this.now().getTime();
    this.slots = Array.from({ length: this.limit }, () => ({ at, pending: false }));
  }

  /** Milliseconds until `count` more calls fit, assuming pending calls complete now. */
  private waitFor(count: number): number {
    const now = this.now().getTime();
    const mustLeave = this.slots.length + count - this.limit;
    if (count > this.limit) return this.windowMs;
    // A pending slot leaves at the earliest one window after it completes, i.e. after now.
    const leaves = this.slots.map((s) => (s.pending ? now + this.windowMs : s.at + this.windowMs)).sort((a, b) => a - b);
    const at = leaves[mustLeave - 1] ?? now + this.windowMs;
    return Math.max(1, at - now);
  }

  private prune(): void {
    const cutoff = this.now().getTime() - this.windowMs;
    this.slots = this.slots.filter((s) => s.pending || s.at > cutoff);
  }

  private ticketFor(slot: Slot): BudgetTicket {
    this.slots.push(slot);
    let settled = false;
    return {
      complete: () => {
        if (settled) return;
        settled = true;
        slot.pending = false;
        slot.at = Math.max(slot.at, this.now().getTime());
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.slots = this.slots.filter((s) => s !== slot);
      },
    };
  }
}
