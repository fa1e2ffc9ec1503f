// The one place that imports zca-js. Its root type file (index.d.ts: `export * from "./dist"`)
// does not resolve under moduleResolution NodeNext, so the runtime module comes from the
// package name and its types from the dist entry, which is what the package's main points at.
import * as runtime from 'zca-js';
import type * as ZcaTypes from '../../../node_modules/zca-js/dist/index.js';

export const zca = runtime as unknown as typeof ZcaTypes;
export type { ZcaTypes };
