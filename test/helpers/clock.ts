/**
 * A clock that starts at a chosen instant and then runs at real speed: tests pin the day and time of day
 * (e.g. Monday 00:30 UTC, when "this week" has barely begun) while token expiry and rate windows still move.
 */
export function clockStartingAt(iso: string): () => Date {
  const anchor = Date.parse(iso);
  const started = Date.now();
  return () => new Date(anchor + (Date.now() - started));
}
