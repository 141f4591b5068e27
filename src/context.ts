import { randomUUID } from 'node:crypto';
import type { ConnectionRegistry } from '../datasources/registry.js';
import type { VendorReadCache } from '../datasources/read-cache.js';
import { newCallContext, type CallContext } from '../datasources/request-memo.js';
import { ConnectionScope } from './connection-scope.js';
import { createLoaders, type BatchObserver, type Loaders } from './loaders.js';
import type { Logger } from '../core/logger.js';
import type { PartialErrors } from './partial-errors.js';
import { PartialErrorCollector } from './partial-errors.js';
import type { Principal } from './principal.js';

/** Everything a resolver may use, built fresh for each GraphQL request. */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  connections: ConnectionScope;
  call: CallContext;
  loaders: Loaders;
  /** Errors of parts that failed while the rest of the answer stands (a vendor in a list, a nested field). */
  partialErrors: PartialErrors;
  logger: Logger;
}

/** The runtime limits of one request (config `limits.requestDeadlineMs`, `limits.vendorCallsPerRequest`). */
export interface RequestLimits {
  requestDeadlineMs?: number;
  vendorCallsPerRequest?: number;
}

export interface ContextDeps {
  registry: ConnectionRegistry;
  logger: Logger;
  observeBatch?: BatchObserver;
  /** Defaults (15 s, 200 calls) apply to what is absent. */
  limits?: RequestLimits;
  /** The vendor-call cache below each request's memo; every request asks the vendors when absent. */
  vendorCache?: VendorReadCache | null;
}

export function createRequestContext(deps: ContextDeps, principal: Principal, requestId: string = randomUUID()): RequestContext {
  const connections = new ConnectionScope(deps.registry, principal);
  const call = newCallContext(requestId, {
    deadlineMs: deps.limits?.requestDeadlineMs,
    vendorCallLimit: deps.limits?.vendorCallsPerRequest,
    cache: deps.vendorCache ?? null,
  });
  return new LazyRequestContext(requestId, principal, connections, call, deps);
}

/**
 * The loaders and the request's logger are built on first use: most operations need neither, and building
 * them for every request was a visible share of a small request's CPU. Getters on the prototype, because
 * Apollo copies the context's own properties into a fresh object of the same prototype for each operation.
 */
class LazyRequestContext implements RequestContext {
  readonly partialErrors: PartialErrors = new PartialErrorCollector();
  private builtLoaders: Loaders | undefined;
  private builtLogger: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly principal: Principal,
    readonly connections: ConnectionScope,
    readonly call: CallContext,
    private readonly deps: ContextDeps,
  ) {}

  get loaders(): Loaders {
    return (this.builtLoaders ??= createLoaders(this.connections, this.call, this.deps.observeBatch));
  }

  get logger(): Logger {
    return (this.builtLogger ??= this.deps.logger.child({ requestId: this.requestId }));
  }
}
