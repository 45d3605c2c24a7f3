// `kustomize build` of one kustomization, natively: resources (files and folders), components, the
// transformers in Kustomize's order (patchesStrategicMerge, patches, namespace, prefix/suffix, labels,
// annotations, patchesJson6902, replicas), then name references. What Kustomize would refuse becomes a
// finding at the offending entry, and the build goes on without that piece.
import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { toKubeObject, type KubeObject } from '../k8s/objects';
import { isWorkloadKind } from '../k8s/workloads';
import type { Finding, FindingText, Range, RuleId, Severity } from '../types';
import type { NodeReader } from '../yaml/nodes';
import type { ParsedSource } from '../yaml/parseSource';
import { applyJsonPatch, PatchError, readOperations } from './jsonPatch';
import { applyReplacement, NoSource, readReplacement, ReplacementError } from './replacements';
import { documentsOf, isKustomizationFile, kustomizationIn, parseInline, readKustomization, type Entry, type Kustomization, type PatchEntry } from './kustomization';
import { dirOf, isAtOrAbove, isWithinFolder, joinPath, shownPaths } from './paths';
import { apiVersionOf, describeResource, effective, groupOf, idOf, kindOf, TREE, type Resource } from './resource';
import { directiveOf, strategicMerge } from './strategicMerge';
import { SelectorError, selectTargets } from './target';
import { applyAnnotations, applyLabels, applyNamespace, applyPrefixSuffix, applyReplicas, fixNameReferences } from './transformers';
import { cloneTagged, CopyBudget, copyNode, RenderedReader, TooLarge, type Origin } from './tree';

export interface Build {
  entry: string;
  objects: KubeObject[];
  findings: Finding[];
  /** Every file name the build looked up, and what it found: the build holds while these stay the same. */
  lookups: Map<string, ParsedSource | undefined>;
}

/** Kinds whose lists merge by key in a strategic merge patch (Kustomize knows their schema). */
const BUILTIN_KINDS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'Service']);

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|(?:github|gitlab)\.com\/|bitbucket\.org\/)|\?ref=|\?version=/i;

export function build(entry: string, files: (file: string) => ParsedSource | undefined, parsed = new Map<ParsedSource, ParsedSource['documents']>()): Build {
  const b = new Builder(files, parsed);
  const resources = b.kustomization(entry, undefined);
  fixNameReferences(resources);
  const objects: KubeObject[] = [];
  for (const r of resources) {
    const o = toKubeObject(r.homeFile, new RenderedReader(r.homeReader, r.homeFile), r.root, r.place);
    if (!o) continue;
    o.via = entry;
    objects.push(o);
  }
  return { entry, objects, findings: b.findings, lookups: b.lookups };
}

class Builder {
  findings: Finding[] = [];
  lookups = new Map<string, ParsedSource | undefined>();
  private stack: string[] = [];

  constructor(
    private readonly files: (file: string) => ParsedSource | undefined,
    private readonly parsed: Map<ParsedSource, ParsedSource['documents']>,
  ) {}

  source(file: string): ParsedSource | undefined {
    if (!this.lookups.has(file)) this.lookups.set(file, this.files(file));
    return this.lookups.get(file);
  }

  problem(file: string, range: Range, text: string | FindingText, rule: RuleId = 'kustomize-invalid', severity: Severity = 'warning'): void {
    this.findings.push({ rule, severity, file, range, ...(typeof text === 'string' ? { message: text } : text), related: [], fixes: [] });
  }

  /** A Git/HTTP entry: not fetched, said so at the entry. */
  private remote(k: Kustomization, e: Entry, what: 'resource' | 'component', does: string): void {
    const text = { message: `Remote ${what} '${e.value}' is not fetched: what it ${does} is not analysed`, detail: 'ENI Lens reads only local files.' };
    this.problem(k.file, e.range, text, 'kustomize-remote', 'info');
  }

  /** The resources a kustomization gives; a component (`into`) transforms the resources of its parent. */
  kustomization(file: string, into: Resource[] | undefined): Resource[] {
    const source = this.source(file);
    const k = source && readKustomization(source);
    if (!k) return into ?? [];
    for (const p of k.problems) this.problem(file, p.range, `Kustomize refuses this: ${p.message}.`);
    this.stack.push(file);
    const resources = into ?? [];
    for (const e of k.resources) this.addAll(k, e, resources, this.resource(k, e));
    for (const e of k.components) this.component(k, e, resources);
    for (const chart of k.helmCharts) {
      this.problem(
        file,
        chart.range,
        {
          message: `The Helm chart '${chart.value}' is not inflated: what it deploys is not analysed`,
          detail: 'kustomize build --enable-helm would inflate it. Pipe the full output in instead: `kubectl kustomize --enable-helm DIR | eni-lens check -`.',
        },
        'kustomize-remote',
        'info',
      );
    }
    for (const p of k.patchesStrategicMerge) this.patch(k, p, resources, 'strategic');
    for (const p of k.patches) this.patch(k, p, resources, 'any');
    applyNamespace(resources, k);
    applyPrefixSuffix(resources, k);
    for (const entry of k.labels) applyLabels(resources, k, entry);
    applyAnnotations(resources, k);
    for (const p of k.patchesJson6902) this.patch(k, p, resources, 'json');
    for (const entry of applyReplicas(resources, k)) {
      this.problem(file, entry.range, {
        message: `replicas: no workload named '${entry.name}' in this kustomization; kustomize build fails on it`,
        detail: 'replicas: sets the count of a Deployment, StatefulSet, ReplicaSet or ReplicationController of the kustomization.',
      });
    }
    for (const rep of k.replacements) this.replacement(k, rep, resources);
    this.stack.pop();
    return resources;
  }

  /** Adds what an entry gave, refusing a second resource of the same kind, namespace and name as Kustomize does. */
  private addAll(k: Kustomization, e: Entry, resources: Resource[], added: Resource[]): void {
    const ids = new Set(resources.map(idOf));
    for (const r of added) {
      const id = idOf(r);
      if (ids.has(id)) {
        this.problem(k.file, e.range, {
          message: `${describeResource(r)} from '${e.value}' is a duplicate: kustomize build fails`,
          detail: 'It is already in this kustomization, and Kustomize may not add a resource with an already registered id. The first one is analysed.',
        });
        continue;
      }
      ids.add(id);
      resources.push(r);
    }
  }

  private resource(k: Kustomization, e: Entry): Resource[] {
    if (REMOTE.test(e.value)) {
      this.remote(k, e, 'resource', 'deploys');
      return [];
    }
    const target = joinPath(k.dir, e.value);
    const source = isKustomizationFile(target) ? undefined : this.source(target);
    if (source) return this.refusedAbove(k, e.value, e.range, 'resources:') ? [] : this.fileResources(k, e, source);
    const nested = kustomizationIn(isKustomizationFile(target) ? joinPath(target, '..') : target, (f) => this.source(f) !== undefined);
    if (!nested) {
      // (A folder with its own kustomization may be anywhere: it is a root of its own, a base. A file may not.)
      if (this.refusedAbove(k, e.value, e.range, 'resources:')) return [];
      this.problem(k.file, e.range, {
        message: `resources: '${e.value}' is not among the analysed files; kustomize build fails on it`,
        detail: 'An entry names a manifest, or a folder with a kustomization.yaml. The rest is analysed without it.',
      });
      return [];
    }
    if (this.cycle(k, e, nested) || this.baseAbove(k, e, nested)) return [];
    const nestedKustomization = readKustomization(this.source(nested)!);
    if (nestedKustomization?.kind === 'Component') {
      this.problem(k.file, e.range, `'${e.value}' is a Component (kind: Component): Kustomize takes components only under components:, not resources:.`);
    }
    return this.kustomization(nested, undefined);
  }

  private component(k: Kustomization, e: Entry, resources: Resource[]): void {
    if (REMOTE.test(e.value)) {
      this.remote(k, e, 'component', 'changes');
      return;
    }
    const nested = kustomizationIn(joinPath(k.dir, e.value), (f) => this.source(f) !== undefined);
    if (!nested) {
      this.problem(k.file, e.range, {
        message: `components: '${e.value}' is no analysed folder with a kustomization.yaml: kustomize build fails`,
        detail: 'A components: entry names a folder with a kustomization.yaml of kind Component.',
      });
      return;
    }
    if (this.cycle(k, e, nested) || this.baseAbove(k, e, nested)) return;
    if (readKustomization(this.source(nested)!)?.kind !== 'Component') {
      this.problem(k.file, e.range, {
        message: `components: '${e.value}' holds a Kustomization, not a Component; kustomize build fails on it`,
        detail: 'A component declares apiVersion kustomize.config.k8s.io/v1alpha1, kind: Component.',
      });
      return;
    }
    this.kustomization(nested, resources);
  }

  /**
   * A file named above the kustomization's folder: kustomize's load restrictor refuses it ("security; file …
   * is not in or below …") and the build fails. Said at the entry; the file is not read through it (it still
   * counts as this build's, looked up, so it is not judged as it lies either).
   */
  private refusedAbove(k: Kustomization, value: string, range: Range, what: string): boolean {
    if (isWithinFolder(k.dir, value)) return false;
    this.problem(k.file, range, {
      message: `${what} '${value}' is a file above this kustomization's folder: kustomize build fails on it`,
      detail:
        'Kustomize reads a file only in or below the folder of the kustomization that names it (its load restrictor: "security; file … is not in or below …"). Give the file\'s folder its own kustomization.yaml and name the folder (a base), or move the file here. It is not analysed through this kustomization.',
    });
    return true;
  }

  /**
   * A base or component at or above a kustomization it is reached through ('..', '../..'): kustomize refuses
   * it ("cycle detected: candidate root … contains visited root …") even when that one does not include this.
   */
  private baseAbove(k: Kustomization, e: Entry, nested: string): boolean {
    const visited = this.stack.find((file) => isAtOrAbove(dirOf(nested), dirOf(file)));
    if (visited === undefined) return false;
    const shown = shownPaths([nested, visited]); // the second relative to the folder of the first
    this.problem(k.file, e.range, {
      message: `'${e.value}' is a folder at or above this kustomization's own: kustomize build fails on it`,
      detail: `Kustomize takes a base or component only from beside or below the kustomizations it comes through ('../base'), not from '..' or above: '${e.value}' holds ${shown[1]}.`,
    });
    return true;
  }

  private cycle(k: Kustomization, e: Entry, nested: string): boolean {
    const at = this.stack.indexOf(nested);
    if (at < 0) return false;
    const chain = shownPaths([...this.stack.slice(at), nested]).join(' → ');
    this.problem(k.file, e.range, { message: `'${e.value}' includes a kustomization that includes this one: kustomize build fails`, detail: `The cycle: ${chain}.` });
    return true;
  }

  private fileResources(k: Kustomization, e: Entry, source: ParsedSource): Resource[] {
    if (source.findings.some((f) => f.rule === 'yaml-syntax' || f.rule === 'template-skipped')) {
      this.problem(k.file, e.range, {
        message: `'${e.value}' is not valid YAML: kustomize build fails on it`,
        detail: 'See its own finding. Its readable documents are analysed.',
      });
    }
    const out: Resource[] = [];
    for (const doc of documentsOf(source, this.parsed)) {
      const reader = doc.reader;
      const root = reader.map(reader.doc.contents);
      if (!root) continue;
      const isList = reader.strictString(reader.get(root, 'kind')) === 'List';
      const roots = isList ? reader.items(reader.get(root, 'items')).map((n) => reader.map(n)) : [root];
      roots.forEach((candidate, item) => {
        if (!candidate) return;
        const r = this.copy(k, e, source.file, reader, candidate, { document: doc.index, item: isList ? item : -1 });
        if (r) out.push(r);
      });
    }
    return out;
  }

  private copy(k: Kustomization, e: Entry, file: string, reader: NodeReader, root: YAMLMap, place: Resource['place']): Resource | undefined {
    let copied: YAMLMap;
    try {
      copied = copyNode(root, { file, reader }, new CopyBudget()) as YAMLMap;
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      this.problem(k.file, e.range, `A document of '${e.value}' is too large to render (aliases expanding past ${new CopyBudget().left} nodes); it is left out.`);
      return undefined;
    }
    const name = TREE.string(TREE.at(copied, 'metadata', 'name'));
    const kind = TREE.string(TREE.get(copied, 'kind'));
    if (!name || !kind) return undefined;
    return { root: copied, homeFile: file, homeReader: reader, place, names: [name], namespaces: [TREE.string(TREE.at(copied, 'metadata', 'namespace')) ?? ''] };
  }

  /** The documents of a patch (a file or inline YAML), copied with where each node is written. */
  private patchDocuments(k: Kustomization, p: PatchEntry): Node[] | undefined {
    const docs: Array<{ doc: Document.Parsed; origin: Origin }> = [];
    if (p.path) {
      const file = joinPath(k.dir, p.path.value);
      const source = this.source(file);
      if (this.refusedAbove(k, p.path.value, p.path.range, 'The patch')) return undefined;
      if (!source) {
        this.problem(k.file, p.path.range, `The patch '${p.path.value}' is not among the analysed files; kustomize build fails on it.`);
        return undefined;
      }
      if (source.findings.some((f) => f.rule === 'yaml-syntax' || f.rule === 'template-skipped')) {
        this.problem(k.file, p.path.range, `The patch '${p.path.value}' is not valid YAML; it is not applied.`);
        return undefined;
      }
      for (const d of documentsOf(source, this.parsed)) docs.push({ doc: d.reader.doc, origin: { file, reader: d.reader } });
    } else if (p.inline) {
      const inline = parseInline(k, p.inline.node);
      for (const doc of inline.docs) {
        if (doc.errors.length > 0) {
          this.problem(k.file, p.inline.range, `The inline patch is not valid YAML (${doc.errors[0].message.split('\n')[0]}); it is not applied.`);
          return undefined;
        }
        docs.push({ doc, origin: { file: k.file, reader: inline.reader(doc) } });
      }
    }
    const out: Node[] = [];
    for (const { doc, origin } of docs) {
      if (doc.contents === null || origin.reader.deref(doc.contents) === undefined) continue;
      try {
        out.push(copyNode(doc.contents, origin, new CopyBudget()));
      } catch (err) {
        if (!(err instanceof TooLarge)) throw err;
        this.problem(k.file, p.range, 'The patch is too large to apply; it is left out.');
        return undefined;
      }
    }
    return out;
  }

  private patch(k: Kustomization, p: PatchEntry, resources: Resource[], type: 'strategic' | 'json' | 'any'): void {
    const docs = this.patchDocuments(k, p);
    if (!docs) return;
    for (const doc of docs) {
      const json = type === 'json' || (type === 'any' && isSeq(doc));
      try {
        if (json) this.jsonPatch(k, p, resources, doc);
        else if (isMap(doc)) this.strategicPatch(k, p, resources, doc);
        else this.problem(k.file, p.range, 'A patch must be a map (a strategic merge patch) or a list of operations (a JSON patch); it is not applied.');
      } catch (err) {
        if (!(err instanceof PatchError || err instanceof SelectorError)) throw err;
        this.problem(k.file, p.range, `The patch is not applied: ${err.message}; kustomize build fails on it.`);
      }
    }
  }

  private jsonPatch(k: Kustomization, p: PatchEntry, resources: Resource[], doc: Node): void {
    if (!p.target) throw new PatchError('a JSON patch needs a target');
    const targets = selectTargets(resources, p.target);
    const ops = readOperations(doc);
    if (targets.length === 0) this.noMatch(k, p);
    for (const r of targets) applyJsonPatch(r.root, ops);
  }

  private strategicPatch(k: Kustomization, p: PatchEntry, resources: Resource[], doc: YAMLMap): void {
    let targets: Resource[];
    if (p.target) targets = selectTargets(resources, p.target);
    else {
      const kind = TREE.string(TREE.get(doc, 'kind'));
      const name = TREE.string(TREE.at(doc, 'metadata', 'name'));
      if (!kind || !name) throw new PatchError('a strategic merge patch without a target needs kind and metadata.name');
      const group = groupOf(TREE.string(TREE.get(doc, 'apiVersion')) ?? '');
      const ns = effective(TREE.string(TREE.at(doc, 'metadata', 'namespace')) ?? '');
      targets = resources.filter((r) => kindOf(r) === kind && groupOf(apiVersionOf(r)) === group && r.names.includes(name) && r.namespaces.some((n) => effective(n) === ns));
      if (targets.length > 1) throw new PatchError(`${kind} ${name} matches ${targets.length} resources (${targets.map(describeResource).join(', ')})`);
    }
    if (targets.length === 0) {
      this.noMatch(k, p, doc);
      return;
    }
    if (directiveOf(doc) === 'delete') {
      for (const r of targets) resources.splice(resources.indexOf(r), 1);
      return;
    }
    for (const r of targets) strategicMerge(r.root, cloneTagged(doc) as YAMLMap, BUILTIN_KINDS.has(kindOf(r)) || isWorkloadKind(kindOf(r)));
  }

  private replacement(k: Kustomization, rep: Kustomization['replacements'][number], resources: Resource[]): void {
    let specs: unknown[];
    if (rep.path) {
      const source = this.source(joinPath(k.dir, rep.path.value));
      if (this.refusedAbove(k, rep.path.value, rep.range, 'The replacements file')) return;
      if (!source) {
        this.problem(k.file, rep.range, `The replacements file '${rep.path.value}' is not among the analysed files; kustomize build fails on it.`);
        return;
      }
      specs = documentsOf(source, this.parsed).flatMap((d) => {
        const contents = d.reader.doc.contents;
        return isSeq(contents) ? contents.items : contents ? [contents] : [];
      });
    } else specs = [rep.inline];
    for (const spec of specs) {
      try {
        applyReplacement(resources, readReplacement(spec, rep.range));
      } catch (err) {
        if (err instanceof NoSource) {
          this.problem(
            k.file,
            rep.range,
            {
              message: `The replacement's source (${err.message}) is not rendered: what it writes is not analysed`,
              detail: 'The source is not among the rendered resources (ENI Lens does not run generators).',
            },
            'kustomize-remote',
            'info',
          );
          continue;
        }
        if (!(err instanceof ReplacementError || err instanceof SelectorError)) throw err;
        this.problem(k.file, rep.range, `The replacement is not applied: ${err.message}; kustomize build fails on it.`);
      }
    }
  }

  private noMatch(k: Kustomization, p: PatchEntry, doc?: YAMLMap): void {
    const what = doc && !p.target ? `${TREE.string(TREE.get(doc, 'kind'))} ${TREE.string(TREE.at(doc, 'metadata', 'name'))}` : 'its target';
    this.problem(k.file, p.range, `The patch matches no resource of this kustomization (${what}); ${p.target ? 'it changes nothing' : 'kustomize build fails on it'}.`);
  }
}

/** A build that fails unexpectedly is a finding on its kustomization, never a crash of the analysis. */
export function safeBuild(entry: string, files: (file: string) => ParsedSource | undefined, parsed: Map<ParsedSource, ParsedSource['documents']>): Build {
  try {
    return build(entry, files, parsed);
  } catch (err) {
    const zero = { line: 0, character: 0 };
    return {
      entry,
      objects: [],
      lookups: new Map([[entry, files(entry)]]),
      findings: [
        {
          rule: 'kustomize-invalid',
          severity: 'warning',
          file: entry,
          range: { start: zero, end: zero },
          message: 'ENI Lens could not render this kustomization: its output is not analysed',
          detail: `The renderer failed: ${String(err)}.`,
          related: [],
          fixes: [],
        },
      ],
    };
  }
}
