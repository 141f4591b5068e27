import { ConfigError, validateConfig } from '../../src/config/validate.js';

/** A minimal valid VConnct connection entry, with `extra` fields on top (the setting a test is about). */
export const vconnctEntry = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'vc',
  vendor: 'vconnct',
  baseUrl: 'https://vconnct.example/api/v1',
  credentials: { license: 'a-license-value-123' },
  ...extra,
});

/** The problems config validation reports for `doc` (by path), or none. */
export function configProblems(doc: Record<string, unknown>): string[] {
  try {
    validateConfig(doc, {});
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
