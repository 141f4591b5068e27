import type { Response } from 'got';

/**
 * A vendor response's body parsed once. The resilience layer parses a 2xx JSON body to tell a healthy answer
 * from garbage (datasources/resilience.ts); the vendor client then reads the same value here instead of
 * parsing the text a second time. Keyed by the response object, which lives as long as its call.
 */
const parsed = new WeakMap<Response<string>, unknown>();

/** `JSON.parse(response.body)`, from the earlier parse when there was one; throws as JSON.parse does. */
export function responseJson(response: Response<string>): unknown {
  if (parsed.has(response)) return parsed.get(response);
  const value: unknown = JSON.parse(response.body);
  parsed.set(response, value);
  return value;
}
