// Runs a WASI preview 1 module under Node's own WASI (V8), the reference Cairn's WASI is checked
// against: /inputs and /outputs preopened to host folders, no environment, argv as given.
//   node wasi-examples.mjs MODULE.wasm INPUTS_DIR OUTPUTS_DIR ARG0 [ARG...]
// The module's stdout and stderr are this process's; it exits with the module's exit code.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [modulePath, inputs, outputs, ...args] = process.argv.slice(2);
if (!modulePath || !inputs || !outputs || args.length === 0) {
  console.error('usage: wasi-examples.mjs MODULE.wasm INPUTS_DIR OUTPUTS_DIR ARG0 [ARG...]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args,
  env: {},
  preopens: { '/inputs': inputs, '/outputs': outputs },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
