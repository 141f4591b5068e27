import type { VendorName } from './records.js';
import type { VendorModule } from './vendor-module.js';
import { vconnctModule } from './vconnct/index.js';

/** The vendors meetgraph speaks, keyed by the `vendor` value of a `connections[]` entry. */
export const VENDOR_MODULES: Partial<Record<VendorName, VendorModule<any>>> = {
  vconnct: vconnctModule,
};

export function vendorModule(vendor: VendorName): VendorModule<any> | undefined {
  return VENDOR_MODULES[vendor];
}
