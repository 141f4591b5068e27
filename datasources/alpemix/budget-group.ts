import { MemoryStateStore } from '../../core/memory-state-store.js';
import type { StateStore } from '../../core/state-store.js';
import { SharedBudget } from '../shared-budget.js';

/**
 * Alpemix blocks the caller's IP address, not an account (docs/vendors/alpemix.md "Limits"): every connection
 * that leaves through the same egress must draw on ONE token budget and ONE report budget. Connections name
 * their egress with `budgetGroup` (default: the host of the vendor base URL, so connections to one Alpemix
 * endpoint share by default). The groups live for the process, like the vendor's memory of our IP.
 *
 * With `state.redis` the budgets live in Redis, so every replica leaving through the egress draws on them too.
 *
 * Guess: the page says only the token limit blocks "the IP address"; it does not say whether the report limit
 * counts per IP or per account. Sharing both per egress is the reading that can never cause a 205.
 */
export const ALPEMIX_TOKEN_LIMIT = 5;
export const ALPEMIX_REPORT_LIMIT = 3;
export const ALPEMIX_LIMIT_WINDOW_MS = 60_000;

export class AlpemixBudgetGroup {
  readonly token: SharedBudget;
  readonly report: SharedBudget;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    now: () => Date,
    state: StateStore = new MemoryStateStore(() => now().getTime()),
  ) {
    const changed = (): void => this.changed();
    this.token = new SharedBudget(state, `alpemix:budget:${name}:token`, ALPEMIX_TOKEN_LIMIT, ALPEMIX_LIMIT_WINDOW_MS, changed);
    this.report = new SharedBudget(state, `alpemix:budget:${name}:report`, ALPEMIX_REPORT_LIMIT, ALPEMIX_LIMIT_WINDOW_MS, changed);
  }

  /** Called whenever a member spends or refills the budget, so every member's health shows the same number. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const groups = new Map<string, AlpemixBudgetGroup>();

/** The group's budgets, created on first use with the first member's clock and state store. */
export function alpemixBudgetGroup(name: string, now: () => Date, state?: StateStore): AlpemixBudgetGroup {
  let group = groups.get(name);
  if (!group) {
    group = new AlpemixBudgetGroup(name, now, state);
    groups.set(name, group);
  }
  return group;
}

/** The default group: the vendor base URL's host (with port), e.g. `www.alpemix.com:5900`. */
export function defaultAlpemixBudgetGroup(baseUrl: string): string {
  return new URL(baseUrl).host.toLowerCase();
}
