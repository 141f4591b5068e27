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
  return {
    requestId,
    principal,
    connections,
    call,
    loaders: createLoaders(connections, call, deps.observeBatch),
    partialErrors: new PartialErrorCollector(),
    logger: deps.logger.child({ requestId }),
  };
}
