import type { ICruiseResult } from 'dependency-cruiser';
import { fillTemplate } from '../model/messages.js';
import { ruleId } from '../model/rules.js';
import type { ArchitectureModel } from '../model/schema.js';
import type { Violation } from '../model/violation.js';
import { entryDescription, entryPatterns, governedPatterns } from './config.js';
import { GRAPH_MESSAGES, Locator } from './findings.js';

/**
 * The whole-graph rules (cycles, orphans, reachability) over a cruise result, in time
 * linear in the graph. The generated dependency-cruiser config holds the same three
 * rules for use with its own CLI, but its implementations grow faster than linearly
 * (on the 10,000-file benchmark they cost 6 s, 13 s and 110 s); `harness lint` asks
 * dependency-cruiser for the graph and the import rules, and runs these itself.
 * A test holds both to the same findings.
 */
export function graphFindings(model: ArchitectureModel, root: string, result: ICruiseResult): Violation[] {
  const inRoots = (path: string) => model.roots.some((r) => path.startsWith(`${r.path}/`));
  const entries = entryPatterns(model).map((p) => new RegExp(p));
  const governed = governedPatterns(model).map((p) => new RegExp(p));
  const isEntry = (path: string) => entries.some((re) => re.test(path));
  const modules = result.modules.filter((m) => inRoots(m.source));
  const edges = new Map<string, string[]>();
  const specifier = new Map<string, string>();
  const imported = new Set<string>();
  for (const m of modules) {
    const targets: string[] = [];
    for (const dep of m.dependencies) {
      if (dep.couldNotResolve || !dep.dependencyTypes.includes('local')) continue;
      targets.push(dep.resolved);
      imported.add(dep.resolved);
      specifier.set(`${m.source}\0${dep.resolved}`, dep.module);
    }
    edges.set(m.source, targets);
  }
  const out: Violation[] = [];
  const locator = new Locator(root);
  // Orphans: no imports at all (packages included) and no importer.
  const orphans = new Set(modules.filter((m) => m.dependencies.length === 0 && !imported.has(m.source) && !isEntry(m.source)).map((m) => m.source));
  for (const file of orphans) {
    out.push({ rule: ruleId('no-orphan'), file, line: 1, column: 1, message: fillTemplate(GRAPH_MESSAGES['no-orphan'], { file }) });
  }
  // Reachability: breadth-first from every entry point.
  const reached = new Set<string>();
  const queue = modules.filter((m) => isEntry(m.source)).map((m) => m.source);
  for (const start of queue) reached.add(start);
  for (let i = 0; i < queue.length; i++) {
    for (const next of edges.get(queue[i] ?? '') ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  const description = entryDescription(model);
  for (const m of modules) {
    if (reached.has(m.source) || orphans.has(m.source) || isEntry(m.source) || !governed.some((re) => re.test(m.source))) continue;
    out.push({ rule: ruleId('reachability'), file: m.source, line: 1, column: 1, message: fillTemplate(GRAPH_MESSAGES.reachability, { file: m.source, entries: description }) });
  }
  // Cycles: one violation per strongly connected component, showing its shortest cycle.
  for (const component of stronglyConnected([...edges.keys()].sort(), edges)) {
    const start = [...component].sort()[0];
    if (start === undefined) continue;
    const selfLoop = (edges.get(start) ?? []).includes(start);
    if (component.size < 2 && !selfLoop) continue;
    const ring = shortestCycle(start, component, edges);
    const next = ring[1] ?? start;
    const at = locator.locate(start, specifier.get(`${start}\0${next}`));
    out.push({ rule: ruleId('no-cycle'), file: start, ...at, message: fillTemplate(GRAPH_MESSAGES['no-cycle'], { cycle: ring.join(' → ') }) });
  }
  return out;
}

/** Tarjan's algorithm, iterative (deep import chains would overflow the call stack). */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, string[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Set<string>[] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const targets = (edges.get(frame.node) ?? []).filter((t) => edges.has(t));
      if (frame.next < targets.length) {
        const target = targets[frame.next++] ?? '';
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = new Set<string>();
        for (;;) {
          const member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.add(member);
          if (member === frame.node) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself inside its component: `a → b → a`. */
function shortestCycle(start: string, component: ReadonlySet<string>, edges: ReadonlyMap<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] ?? '';
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        for (let at = node; at !== start; ) {
          at = previous.get(at) ?? start;
          path.unshift(at);
        }
        return [...path, start];
      }
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}
