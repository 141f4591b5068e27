import type { ErrorCode } from '../core/errors.js';

export interface HealthSnapshot {
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastErrorCode: ErrorCode | null;
  lastLatencyMs: number | null;
  circuitOpen: boolean;
  /** Calls the vendor (or meetgraph's own budget for it) still allows in the current window; null when unknown. */
  rateBudgetRemaining: number | null;
}

/** Per-connection health, fed by the shared HTTP client and by clients that see envelope-level failures. */
export class ConnectionHealth {
  private state: HealthSnapshot = {
    lastSuccessAt: null,
    lastFailureAt: null,
    lastErrorCode: null,
    lastLatencyMs: null,
    circuitOpen: false,
    rateBudgetRemaining: null,
  };

  constructor(private readonly now: () => Date = () => new Date()) {}

  recordSuccess(latencyMs: number): void {
    this.state = { ...this.state, lastSuccessAt: this.now(), lastLatencyMs: latencyMs };
  }

  recordFailure(code: ErrorCode, latencyMs: number | null = null): void {
    this.state = { ...this.state, lastFailureAt: this.now(), lastErrorCode: code, lastLatencyMs: latencyMs ?? this.state.lastLatencyMs };
  }

  setCircuitOpen(open: boolean): void {
    this.state = { ...this.state, circuitOpen: open };
  }

  setRateBudget(remaining: number | null): void {
    this.state = { ...this.state, rateBudgetRemaining: remaining };
  }

  snapshot(): HealthSnapshot {
    return { ...this.state };
  }
}
