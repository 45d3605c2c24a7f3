// The .vsix as `npm run package` builds it (production bundles, `vsce package --no-dependencies`), made in a
// copy of the repository so the development build in dist/ the bench measures stays as it is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.tools', 'test-artifacts', 'workspaces']);

/** `{ KB }` of the packaged extension, or `{ KB: null, note }` saying why there is none. */
export function packageVsix(root) {
  const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  if (!fs.existsSync(vsce)) return { KB: null, note: 'vsce is not installed (node_modules/.bin/vsce): run `npm install`' };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-vsix-'));
  try {
    const copy = path.join(work, 'repo');
    fs.cpSync(root, copy, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) && !src.endsWith('.vsix') });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const out = path.join(work, 'eni-lens.vsix');
    for (const [cmd, args] of [
      [process.execPath, ['scripts/build.mjs', '--production']],
      [vsce, ['package', '--no-dependencies', '--out', out]],
    ]) {
      const r = spawnSync(cmd, args, { cwd: copy, encoding: 'utf8', timeout: 180_000 });
      if (r.status !== 0) return { KB: null, note: `${path.basename(cmd)} ${args.join(' ')} failed: ${(r.stderr || r.stdout || String(r.error)).trim().slice(-300)}` };
    }
    return { KB: Math.round(fs.statSync(out).size / 1024) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
