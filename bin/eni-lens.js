#!/usr/bin/env node
'use strict';
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`eni-lens: internal error: ${(err && err.stack) || err}\n`);
      process.exitCode = 2;
    },
  );
