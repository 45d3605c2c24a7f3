// Letting go of YAML trees once a file's facts are read: the model, findings, hovers and edits stay the same.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeParsed, parseConfig, parseSource } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { ignoreForObjectEdit } from '../../shared/edits/suppress';
import { factsOf, releaseTrees } from '../../shared/model/fileFacts';
import { collectManifestFiles } from '../../shared/node/files';
import { EXAMPLES } from '../helpers/paths';

const LIST_AND_DEPLOYMENT = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: {name: first}
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: second
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: r6g.medium
`;

test('after release a file keeps its facts, drops its documents, and each object reads its own node again on demand', () => {
  const source = parseSource({ file: 'a.yaml', text: LIST_AND_DEPLOYMENT });
  const objects = factsOf(source).objects;
  const before = objects.map((o) => o.reader.range(o.root));
  releaseTrees(source);
  assert.equal(source.documents.length, 0);
  assert.deepEqual(factsOf(source).objects, objects, 'the facts are the ones read before');
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.name}@${o.place.document}.${o.place.item}`),
    ['ServiceAccount/first@0.0', 'ServiceAccount/second@0.1', 'Deployment/web@1.-1'],
  );
  assert.deepEqual(
    objects.map((o) => o.reader.range(o.root)),
    before,
  );
  assert.equal(objects[2].reader.string(objects[2].reader.at(objects[2].root, 'spec', 'replicas')), '3');
});

test('a file with cluster-wide objects (Karpenter, eksctl, aws-node) keeps its trees: pools are read from them again', () => {
  const nodePool = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      requirements: []
`;
  const source = parseSource({ file: 'karpenter.yaml', text: nodePool });
  releaseTrees(source);
  assert.equal(factsOf(source).clusterWide, true);
  assert.equal(source.documents.length, 1);
});

test('released and kept trees give the same findings, hovers and ignore edits on the examples', () => {
  for (const example of fs.readdirSync(EXAMPLES)) {
    const dir = path.join(EXAMPLES, example);
    const configFile = path.join(dir, '.eni-lens.yaml');
    const { config } = parseConfig(fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : '', configFile);
    const files = collectManifestFiles([dir]).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    const kept = analyzeParsed(
      files.map((f) => parseSource(f)),
      config,
    );
    const released = analyzeParsed(
      files.map((f) => {
        const s = parseSource(f);
        releaseTrees(s);
        return s;
      }),
      config,
    );
    assert.deepEqual(released.findings, kept.findings, example);
    assert.ok(kept.findings.length > 0 || example === 'helm-chart', `${example} has findings to compare`);
    for (const f of kept.findings) {
      assert.deepEqual(hoverAt(released, f.file, f.range.start), hoverAt(kept, f.file, f.range.start), `${example}: hover at ${f.file}:${f.range.start.line}`);
      const text = files.find((x) => x.file === f.file)!.text;
      assert.deepEqual(ignoreForObjectEdit(released, f, text), ignoreForObjectEdit(kept, f, text), `${example}: ignore edit`);
    }
  }
});
