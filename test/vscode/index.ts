// Mocha entry for the extension-host tests (yo-code style): VS Code loads this module as
// `extensionTestsPath` and awaits `run()`. The same bundle runs under @vscode/test-electron on desktop
// (scripts/e2e/run-test-electron.mjs) and under code-server here and in CI (scripts/e2e/run-extension-host.mjs).
// Built by scripts/e2e/build-vscode-tests.mjs into out/vscode-tests/, with `vscode` and `mocha` external.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: process.env.ENI_LENS_TEST_COLOR !== '0',
    timeout: Number(process.env.ENI_LENS_TEST_TIMEOUT ?? 60_000),
    slow: 10_000,
  });
  if (process.env.ENI_LENS_TEST_GREP) mocha.grep(process.env.ENI_LENS_TEST_GREP);
  const suiteDir = path.join(__dirname, 'suite');
  const files = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(suiteDir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
