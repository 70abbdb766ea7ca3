// Times a WASI preview 1 module under Node's own WASI (V8) for bench/compute: compiles it once,
// then runs it ROUNDS times after one warm-up, each a fresh instance over the same host folders
// (/inputs read-only in intent, /outputs rewritten), the module's stdout and stderr discarded.
//   node wasi-bench.mjs MODULE.wasm INPUTS_DIR OUTPUTS_DIR ROUNDS ARG0 [ARG...]
// Prints {"compileMs": C, "runMs": [R...], "exit": CODE} on one line.
import { openSync, readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [modulePath, inputs, outputs, roundsArg, ...args] = process.argv.slice(2);
if (!modulePath || !inputs || !outputs || !roundsArg || args.length === 0) {
  console.error('usage: wasi-bench.mjs MODULE.wasm INPUTS_DIR OUTPUTS_DIR ROUNDS ARG0 [ARG...]');
  process.exit(2);
}
const bytes = readFileSync(modulePath);
const sink = openSync('/dev/null', 'w');
let t = performance.now();
const module = await WebAssembly.compile(bytes);
const compileMs = performance.now() - t;
const runMs = [];
let exit = 0;
for (let round = 0; round <= Number(roundsArg); round++) {
  const wasi = new WASI({
    version: 'preview1',
    args,
    env: {},
    preopens: { '/inputs': inputs, '/outputs': outputs },
    stdout: sink,
    stderr: sink,
    returnOnExit: true,
  });
  t = performance.now();
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  exit = wasi.start(instance);
  if (round > 0) runMs.push(performance.now() - t);
}
console.log(JSON.stringify({ compileMs, runMs, exit }));
