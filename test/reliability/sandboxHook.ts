// A `node --require` hook, written to a temp file by the security tests: it records (to the file named by
// ENI_LENS_HOOK_LOG) and blocks every way the process could reach the network or run a program, and records
// every file-system write. The first line it writes is "loaded", so a test can tell the hook ran.
export const SANDBOX_HOOK = String.raw`
'use strict';
const fs = require('fs');
const log = process.env.ENI_LENS_HOOK_LOG;
// Opened before anything is patched, written with writeSync (which calls nothing patched): no recursion.
const fd = fs.openSync(log, 'a');
const writeSync = fs.writeSync;
const record = (line) => writeSync(fd, line.replace(/\n/g, ' ') + '\n');
record('loaded');
function block(owner, name, what) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function () {
    record('VIOLATION ' + what + ' ' + JSON.stringify([...arguments].filter((a) => typeof a !== 'function')).slice(0, 200));
    throw new Error('blocked by the ENI Lens sandbox test: ' + what);
  };
}
function watchWrites(owner, name, pathArg, isWrite) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function () {
    if (!isWrite || isWrite(arguments)) record('WRITE ' + name + ' ' + String(arguments[pathArg]));
    return original.apply(this, arguments);
  };
}
const net = require('net');
block(net.Socket.prototype, 'connect', 'net.Socket.connect');
const dns = require('dns');
for (const n of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) block(dns, n, 'dns.' + n);
for (const n of ['lookup', 'resolve', 'resolve4', 'resolve6']) block(dns.promises, n, 'dns.promises.' + n);
const cp = require('child_process');
for (const n of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) block(cp, n, 'child_process.' + n);
for (const mod of ['http', 'https', 'http2']) {
  const m = require(mod);
  for (const n of ['request', 'get', 'connect']) block(m, n, mod + '.' + n);
}
if (typeof globalThis.fetch === 'function') block(globalThis, 'fetch', 'fetch');
if (typeof globalThis.WebSocket === 'function') block(globalThis, 'WebSocket', 'WebSocket');
const writes = (flagArg) => (args) => /[wa+]/.test(String(args[flagArg] ?? 'r'));
for (const n of ['writeFileSync', 'appendFileSync', 'mkdirSync', 'rmSync', 'unlinkSync', 'renameSync', 'copyFileSync', 'createWriteStream', 'writeFile', 'appendFile', 'mkdir', 'rm', 'unlink', 'rename', 'copyFile']) watchWrites(fs, n, 0);
watchWrites(fs, 'openSync', 0, writes(1));
watchWrites(fs, 'open', 0, writes(1));
for (const n of ['writeFile', 'appendFile', 'mkdir', 'rm', 'unlink', 'rename', 'copyFile']) watchWrites(fs.promises, n, 0);
watchWrites(fs.promises, 'open', 0, writes(1));
`;
