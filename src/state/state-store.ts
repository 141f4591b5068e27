// The interface lives in core/ (the vendor clients share tokens and budgets through it); re-exported for src/.
export type { CallRateLimiter, SlotGrant, SlotRequest, StateStore } from '../../core/state-store.js';
