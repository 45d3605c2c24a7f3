// The client's answer to a dead server: restart and say so, up to four times in three minutes, then stop and say why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../client/src/restartPolicy';

test('a crashed server is restarted four times within three minutes, each time logged, then left stopped', () => {
  let now = 0;
  const policy = new RestartPolicy(() => now);
  const decisions = [0, 10_000, 20_000, 30_000, 40_000].map((t) => {
    now = t;
    return policy.onServerClosed();
  });
  assert.deepEqual(
    decisions.map((d) => d.restart),
    [true, true, true, true, false],
  );
  assert.equal(decisions[0].message, 'The ENI Lens language server stopped unexpectedly; restarting it (1 of 4 restarts allowed in 3 minutes).');
  assert.match(decisions[4].message, /stopped 5 times in 3 minutes and is not restarted again/);
});

test('crashes older than three minutes no longer count', () => {
  let now = 0;
  const policy = new RestartPolicy(() => now);
  for (let i = 0; i < 4; i++) policy.onServerClosed();
  now = 3 * 60 * 1000 + 1;
  assert.deepEqual(policy.onServerClosed(), { restart: true, message: 'The ENI Lens language server stopped unexpectedly; restarting it (1 of 4 restarts allowed in 3 minutes).' });
});
