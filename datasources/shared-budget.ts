import type { StateStore } from '../core/state-store.js';
import type { BudgetGrant, BudgetTicket } from './alpemix/call-budget.js';

/** A slot still pending after this long is presumed lost (its replica died mid-call) and leaves one window later. */
const DEFAULT_PENDING_MS = 120_000;

/**
 * A rolling-window call budget kept in the state store, so every replica draws on the same one (with
 * `state.redis`; this process's memory otherwise). Same rules as `CallBudget` (datasources/alpemix/call-budget.ts):
 * slots are taken before a call goes out, all or none; a pending slot never leaves the window; a completed one
 * counts from its completion; a slot whose call never went out is given back.
 */
export class SharedBudget {
  private free: number;

  constructor(
    private readonly state: StateStore,
    readonly key: string,
    readonly limit: number,
    readonly windowMs: number,
    /** Called whenever this process learns a new number of free slots (health shows it). */
    private readonly onChange: () => void = () => undefined,
    private readonly pendingMs = DEFAULT_PENDING_MS,
  ) {
    this.free = limit;
  }

  /** Calls allowed as last seen by this process (for health and metrics; `take` is the authority). */
  remaining(): number {
    return this.free;
  }

  async refresh(): Promise<number> {
    this.free = await this.state.freeSlots(this.key, this.limit);
    this.onChange();
    return this.free;
  }

  async take(count = 1): Promise<BudgetGrant> {
    if (count < 1) return { granted: true, tickets: [] };
    const grant = await this.state.takeSlots(this.key, { count, limit: this.limit, windowMs: this.windowMs, pendingMs: this.pendingMs });
    await this.refresh();
    if (!grant.granted) return grant;
    return { granted: true, tickets: grant.slotIds.map((id) => this.ticket(id)) };
  }

  /** Fills the window: the vendor said the limit is hit anyway (another client of the same account or IP). */
  async saturate(): Promise<void> {
    await this.state.saturateSlots(this.key, this.limit, this.windowMs);
    this.free = 0;
    this.onChange();
  }

  private ticket(slotId: string): BudgetTicket {
    let settled = false;
    const settle = (operation: Promise<void>): void => {
      // The state store answers from memory when Redis fails: these never reject, but must not go unhandled.
      void operation.then(() => this.refresh()).catch(() => undefined);
    };
    return {
      complete: () => {
        if (settled) return;
        settled = true;
        settle(this.state.completeSlot(this.key, slotId, this.windowMs));
      },
      release: () => {
        if (settled) return;
        settled = true;
        settle(this.state.releaseSlot(this.key, slotId));
      },
    };
  }
}
