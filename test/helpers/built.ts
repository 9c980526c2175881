/**
 * The real `ktm` binary for tests that must run it as its own process (standard input from /dev/zero, SIGKILL,
 * a read-only database): the sources compiled once with tsc into a temp package, with zod bundled and the built-in
 * models validated as `npm run build` does, shared by every test file of a run (keyed by a hash of the sources, built
 * under a lock) so the 20-second compile is paid once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.ts') || name.endsWith('.json')) hash.update(full).update(readFileSync(full));
    }
  };
  visit(join(REPO_ROOT, 'src'));
  hash.update(REPO_ROOT).update(readFileSync(join(REPO_ROOT, 'package.json'))); // its version is in the build
  hash.update(readFileSync(join(REPO_ROOT, 'scripts/bundle-zod.mjs'))); // so is zod, bundled by it
  return hash.digest('hex').slice(0, 16);
}

/** Path of the compiled `bin.js`, building it if no test file of this run has yet. */
export function builtKtm(): string {
  const root = join(tmpdir(), `ktm-built-${sourceHash()}`);
  const bin = join(root, 'out/src/cli/bin.js');
  if (existsSync(join(root, 'ready'))) return bin;
  const lock = `${root}.lock`;
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch {
    // another test file is building it: wait for it (at most two minutes)
  }
  if (mine) {
    try {
      const staging = `${root}.staging`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      // A package root of its own, so the compiled code finds models/ and node_modules/ as in a real install.
      // It carries ktm's version: --version and every JSON header read it from there.
      const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'ktm-built', version, type: 'module' }));
      symlinkSync(join(REPO_ROOT, 'models'), join(staging, 'models'));
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(staging, 'node_modules'));
      symlinkSync(join(REPO_ROOT, 'src'), join(staging, 'src')); // data files beside the sources (advisories.yaml)
      spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.json'), '--outDir', join(staging, 'out')], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
      });
      if (!existsSync(join(staging, 'out/src/cli/bin.js'))) throw new Error('tsc did not emit the CLI');
      // As `npm run build` does: zod bundled into util/zod.js before the validated models hash util/.
      const bundled = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/bundle-zod.mjs'), join(staging, 'out/src')], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (bundled.status !== 0) throw new Error(`bundle-zod failed: ${bundled.stderr}`);
      // As `npm run build` does: the built-in models validated once, beside the compiled code.
      const validated = spawnSync(process.execPath, [join(staging, 'out/src/model/build-validated-models.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (validated.status !== 0) throw new Error(`build-validated-models failed: ${validated.stderr}`);
      writeFileSync(join(staging, 'ready'), '');
      rmSync(root, { recursive: true, force: true });
      renameSync(staging, root);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return bin;
  }
  const deadline = Date.now() + 120_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(join(root, 'ready'))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the build in ${root}`);
    if (!existsSync(lock) && !existsSync(join(root, 'ready'))) return builtKtm(); // the builder failed: try ourselves
    Atomics.wait(pause, 0, 0, 200);
  }
  return bin;
}
