import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import { Kind, print, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../context.js';
import type { StateStore } from './state-store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is remembered: 24 hours (README, "When vendors fail"). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Printable ASCII, as the IETF Idempotency-Key draft's examples use; long enough for a UUID or a hash. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What the store holds per client and key. */
type KeyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] } };

export interface IdempotencyOptions {
  ttlMs?: number;
  /** How long a duplicate waits for the first request with its key before giving up. */
  waitMs?: number;
  /** Poll interval while waiting (the first request may run in another replica once the store is shared). */
  pollMs?: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function badInput(message: string): GraphQLResponse {
  return {
    http: { status: 400, headers: new HeaderMap() },
    body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' } }] } },
  };
}

/** Top-level fields a mutation asks for, through fragments; `__typename` is not a mutation. */
function rootFieldCount(operation: OperationDefinitionNode, ctx: GraphQLRequestContext<RequestContext>): number {
  const definitions = ctx.document?.definitions ?? [];
  const fragments = new Map(definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  let count = 0;
  const walk = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): void => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) count += s.name.value === '__typename' ? 0 : 1;
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet.selections, seen);
      else if (!seen.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet.selections, new Set([...seen, s.name.value]));
      }
    }
  };
  walk(operation.selectionSet.selections, new Set());
  return count;
}

/**
 * `Idempotency-Key` on mutations (README, "When vendors fail"): a request carrying the header must hold exactly one
 * mutation field, and is executed at most once per client and key for 24 hours. A replay answers the first
 * response without calling any vendor; the same key with a different request (document, operation name or
 * variables) is BAD_USER_INPUT; a duplicate arriving while the first still runs waits for it and shares its
 * answer. A first request that reached no vendor at all (refused input, an open circuit) is not remembered, so
 * repeating it can still carry it out. Queries ignore the header: reading twice is harmless.
 */
export function idempotencyPlugin(store: StateStore, options: IdempotencyOptions = {}): ApolloServerPlugin<RequestContext> {
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const waitMs = options.waitMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  /** In-process waiters, woken when the first request finishes (the poll covers other replicas). */
  const finished = new Map<string, Array<() => void>>();
  const wake = (storeKey: string): void => {
    for (const resolve of finished.get(storeKey) ?? []) resolve();
    finished.delete(storeKey);
  };
  const waitFor = (storeKey: string): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      finished.set(storeKey, [...(finished.get(storeKey) ?? []), done]);
    });

  return {
    async requestDidStart(start) {
      const key = start.request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (key === undefined || key === null) return {};
      let claimed: { storeKey: string; fingerprint: string } | null = null;

      return {
        async responseForOperation(ctx) {
          if (ctx.operation.operation !== 'mutation') return null;
          if (!KEY_PATTERN.test(key)) return badInput('The Idempotency-Key header must be 1-255 printable ASCII characters.');
          if (rootFieldCount(ctx.operation, ctx) !== 1) {
            return badInput('A request with an Idempotency-Key must hold exactly one mutation field.');
          }
          const { operationName, variables } = ctx.request;
          const fingerprint = sha256(JSON.stringify([print(ctx.operation), operationName ?? null, variables ?? {}]));
          // Per client: two clients may pick the same key. The key is hashed so the store never holds client text.
          const storeKey = `idempotency:${sha256(`${ctx.contextValue.principal.name}\n${key}`)}`;
          const giveUpAt = Date.now() + waitMs;
          for (;;) {
            if (await store.setIfAbsent<KeyRecord>(storeKey, { state: 'pending', fingerprint }, ttlMs)) {
              claimed = { storeKey, fingerprint };
              return null;
            }
            const existing = await store.get<KeyRecord>(storeKey);
            if (!existing) continue;
            if (existing.fingerprint !== fingerprint) return badInput('This Idempotency-Key was already used with a different request.');
            if (existing.state === 'done') {
              ctx.response.http.headers.set('idempotent-replayed', 'true');
              return { http: ctx.response.http, body: { kind: 'single', singleResult: { ...existing.result } } };
            }
            if (Date.now() >= giveUpAt) {
              return badInput('A request with this Idempotency-Key is still running; repeat it later to get its answer.');
            }
            await waitFor(storeKey);
          }
        },

        async willSendResponse(ctx) {
          if (!claimed) return;
          const { storeKey, fingerprint } = claimed;
          try {
            const body = ctx.response.body;
            // Nothing reached a vendor (refused input, open circuit, deadline): forget the key so a retry can run it.
            if (body.kind !== 'single' || ctx.contextValue.call.vendorCalls.count === 0) {
              await store.delete(storeKey);
              return;
            }
            const { data, errors } = body.singleResult;
            const result = { data: data ?? null, ...(errors ? { errors } : {}) };
            await store.set<KeyRecord>(storeKey, { state: 'done', fingerprint, result }, ttlMs);
          } finally {
            wake(storeKey);
          }
        },
      };
    },
  };
}
