// The in-process store lives in core/ (vendor clients fall back to it without `state.redis`); re-exported for src/.
export { MemoryStateStore } from '../../core/memory-state-store.js';
