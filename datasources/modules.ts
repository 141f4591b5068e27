import { alfaviewModule } from './alfaview/index.js';
import { allocloudModule } from './allocloud/index.js';
import { alpemixModule } from './alpemix/index.js';
import { apizeeModule } from './apizee/index.js';
import type { VendorName } from './records.js';
import { vconnctModule } from './vconnct/index.js';
import type { VendorModule } from './vendor-module.js';

/** The vendors meetgraph speaks, keyed by the `vendor` value of a `connections[]` entry. */
export const VENDOR_MODULES: Record<VendorName, VendorModule<any>> = {
  alfaview: alfaviewModule,
  allocloud: allocloudModule,
  alpemix: alpemixModule,
  apizee: apizeeModule,
  vconnct: vconnctModule,
};

export function vendorModule(vendor: VendorName): VendorModule<any> | undefined {
  return VENDOR_MODULES[vendor];
}
