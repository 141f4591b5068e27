import autocannon from 'autocannon';
import { cpuMs } from './cpu.js';

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Process whose CPU time is charged to this target (the server under test). */
  pid?: number;
}

export interface LoadResult {
  p50: number;
  p90: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds the target process spent per request, when its pid is known. */
  cpuPerRequestMs: number | null;
}

/** One bounded autocannon run against loopback. */
export async function load(target: LoadTarget, connections: number, durationSeconds: number): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(target.url)) throw new Error(`benchmarks only target loopback, not ${target.url}`);
  const cpuBefore = target.pid ? cpuMs(target.pid) : 0;
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'POST',
    body: target.body,
    headers: { 'content-type': 'application/json', ...target.headers },
    connections,
    duration: durationSeconds,
    pipelining: 1,
  });
  const requests = result.requests.total;
  const cpuPerRequestMs = target.pid && requests ? (cpuMs(target.pid) - cpuBefore) / requests : null;
  return {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuPerRequestMs,
  };
}

/**
 * Interleaved A/B rounds: A, B, A, B … so drift on a noisy machine hits both sides alike. Each side gets a
 * short warm-up first.
 */
export async function interleaved(
  sides: Record<string, LoadTarget>,
  options: { connections: number; rounds: number; seconds: number; warmupSeconds?: number },
): Promise<Record<string, LoadResult[]>> {
  const out: Record<string, LoadResult[]> = {};
  for (const [name, target] of Object.entries(sides)) {
    await load(target, options.connections, options.warmupSeconds ?? 1);
    out[name] = [];
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, target] of Object.entries(sides)) out[name]?.push(await load(target, options.connections, options.seconds));
  }
  return out;
}

/** Sequential single requests (one client), for latency without queueing: returns each duration in ms. */
export async function timeRequests(target: LoadTarget, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(target.url, {
      method: target.method ?? 'POST',
      body: target.body,
      headers: { 'content-type': 'application/json', ...target.headers },
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${target.url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}
