// Runs a WASI preview 1 module under Node's own WASI (node:wasi, V8): the reference that Cairn's
// WASI is checked against.
//
//   node wasi-reference.mjs MODULE INPUTS_DIR OUTPUTS_DIR STDOUT_FILE STDERR_FILE [--env K=V]...
//       [--entry NAME] -- ARG0 [ARG...]
//
// INPUTS_DIR is preopened as /inputs (fd 3) and OUTPUTS_DIR as /outputs (fd 4), in that order as
// Cairn does; standard output and error go to the two files. Prints one JSON line: {"status":
// "exit", "code": N} when _start returns (code 0) or proc_exit is called, {"status": "trap",
// "message": "..."} when the module traps. Nothing of the host's environment is passed on.
import { readFileSync, openSync, closeSync } from 'node:fs'
import { WASI } from 'node:wasi'

const argv = process.argv.slice(2)
const [module, inputs, outputs, stdoutFile, stderrFile] = argv
const env = {}
let entry = '_start'
let i = 5
for (; i < argv.length && argv[i] !== '--'; i++) {
  if (argv[i] === '--env') {
    const kv = argv[++i]
    const eq = kv.indexOf('=')
    env[kv.slice(0, eq)] = kv.slice(eq + 1)
  } else if (argv[i] === '--entry') {
    entry = argv[++i]
  } else {
    throw new Error(`unknown option ${argv[i]}`)
  }
}
const args = argv.slice(i + 1)
const stdout = openSync(stdoutFile, 'w')
const stderr = openSync(stderrFile, 'w')
const wasi = new WASI({
  version: 'preview1',
  args,
  env,
  preopens: { '/inputs': inputs, '/outputs': outputs },
  stdin: openSync('/dev/null', 'r'),
  stdout,
  stderr,
  returnOnExit: true
})
let result
try {
  const compiled = await WebAssembly.compile(readFileSync(module))
  const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject())
  if (entry === '_start') {
    result = { status: 'exit', code: wasi.start(instance) }
  } else {
    wasi.initialize(instance)
    instance.exports[entry]()
    result = { status: 'exit', code: 0 }
  }
} catch (e) {
  if (!(e instanceof WebAssembly.RuntimeError)) throw e
  result = { status: 'trap', message: e.message }
} finally {
  closeSync(stdout)
  closeSync(stderr)
}
process.stdout.write(JSON.stringify(result) + '\n')
