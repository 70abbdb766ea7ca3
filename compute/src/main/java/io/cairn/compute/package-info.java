/** Compute jobs over stored data: job specs, the WASM sandbox, the GPU executor and receipts. */
package io.cairn.compute;
