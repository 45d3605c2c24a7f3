// Per-document facts share what most documents hold alike (no policy, one namespace, one ServiceAccount):
// the keys a unit reads are the same as before, shared sets are never changed, and a file's merged facts
// read every document's keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../shared';
import { documentFactsOf, factsOf } from '../../shared/model/fileFacts';
import { deployment } from '../helpers/poolWorkspace';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary, namespace: team}
spec:
  replicas: 2
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: app-a}
`;
const ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: other, labels: {sg: "on"}}\n';
const TEXT = [deployment('app-a', 2), deployment('app-b', 3), ROLLOUT, ACCOUNT].join('---\n');

test('per-document facts: one set per shared key, one empty set and list for none; the keys read are unchanged', () => {
  const [a, b, rollout, account] = documentFactsOf(parseSource({ file: 'team.yaml', text: TEXT }));
  const keys = (f: typeof a) => Object.fromEntries(Object.entries(f.reads).map(([kind, set]) => [kind, [...set]]));
  assert.deepEqual(keys(a), { namespaces: ['team'], accounts: ['team/default'], targets: ['team/Deployment/app-a'], templates: [] });
  assert.deepEqual(keys(rollout), { namespaces: ['team'], accounts: ['team/default'], targets: ['team/Rollout/canary'], templates: ['team/Deployment/app-a'] });
  assert.deepEqual(keys(account), { namespaces: [], accounts: [], targets: [], templates: [] });
  assert.equal(a.reads.namespaces, b.reads.namespaces, 'one set for the namespace both read');
  assert.equal(a.reads.accounts, rollout.reads.accounts);
  assert.notEqual(a.reads.targets, b.reads.targets);
  assert.equal(a.reads.templates, account.reads.namespaces, 'one empty set');
  assert.equal(a.policies, account.workloads, 'one empty list');
  assert.equal(account.reads, documentFactsOf(parseSource({ file: 'account.yaml', text: ACCOUNT }))[0].reads, 'one record of no keys');
  assert.equal(account.accountLabels.length, 1);
  // A second parse of the same text shares them too.
  const again = documentFactsOf(parseSource({ file: 'other.yaml', text: TEXT }));
  assert.equal(again[0].reads.namespaces, a.reads.namespaces);
});

test('shared read keys and empty lists refuse changes; a file merged from its documents reads all their keys', () => {
  const [a] = documentFactsOf(parseSource({ file: 'team.yaml', text: TEXT }));
  assert.throws(() => a.reads.namespaces.add('elsewhere'), /never changed/);
  assert.throws(() => a.reads.templates.delete('x'), /never changed/);
  assert.throws(() => a.reads.accounts.clear(), /never changed/);
  assert.throws(() => a.policies.push(undefined!), TypeError);
  assert.deepEqual([...a.reads.namespaces], ['team'], 'unchanged');

  const whole = factsOf(parseSource({ file: 'team.yaml', text: TEXT }));
  assert.deepEqual([...whole.reads.targets], ['team/Deployment/app-a', 'team/Deployment/app-b', 'team/Rollout/canary']);
  assert.deepEqual([...whole.reads.namespaces], ['team']);
  assert.deepEqual([...whole.reads.templates], ['team/Deployment/app-a']);
  assert.deepEqual(
    whole.workloads.map((w) => w.object.name),
    ['app-a', 'app-b', 'canary'],
  );
  assert.equal(whole.accountLabels.length, 1);
  assert.equal(whole.policies.length, 0);
});
