/**
 * Values in a shared store are JSON text. Dates would come back as strings and break the code that reads
 * them, so they travel tagged (`{"$date": "…"}`) and are revived exactly; vendor JSON (dates already strings)
 * round-trips unchanged. Maps, Sets and class instances are not supported: values holding them stay in
 * process (`shared: false`).
 */
const DATE_TAG = '$date';

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, encoded: unknown) {
    // JSON.stringify has already called Date#toJSON on `encoded`; the holder still has the Date itself.
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : encoded;
  });
}

export function decodeValue<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const tagged = (value as Record<string, unknown>)[DATE_TAG];
      if (keys.length === 1 && typeof tagged === 'string') return new Date(tagged);
    }
    return value;
  }) as T;
}
