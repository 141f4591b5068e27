/** The vendors meetgraph speaks, as a `connections[]` entry names them. Adding one starts here (docs/architecture.md). */
export type VendorName = 'alfaview' | 'allocloud' | 'alpemix' | 'apizee' | 'vconnct';

export const VENDOR_NAMES: readonly VendorName[] = ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'];
