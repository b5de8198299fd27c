import type { SpanRecord } from '../types/spans.js';
import { toRfc3339 } from './time-input.js';

/**
 * A trace's spans as a tree: children under their parent, siblings by start time,
 * flattened depth-first for the waterfall. A span whose parent is not in the store
 * (not exported yet, or from another service) becomes a root and says so.
 */

export interface SpanNode {
  span: SpanRecord;
  depth: number;
  /** Milliseconds from the trace's first span start. */
  offsetMs: number;
  /** The span names a parent that is not among the stored spans. */
  orphan: boolean;
  /** Last child of its parent (for drawing the tree). */
  last: boolean;
  /** For each ancestor level, whether a line continues below it (for drawing). */
  rails: boolean[];
  /** This row stands for `count` same-name sibling leaves (`db.query ×48`); its span is the first. */
  collapsed?: { count: number; totalMs: number; maxMs: number };
}

export interface SpanTree {
  nodes: SpanNode[];
  /** RFC3339 of the first span's start. */
  start: string;
  durationMs: number;
}

const compareNanos = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
/** By start time; ties (same clock tick) by end time, then span id, so the order is stable. */
const byStart = (a: SpanRecord, b: SpanRecord): number => compareNanos(a.start, b.start) || compareNanos(a.end, b.end) || a.spanId.localeCompare(b.spanId);

export function buildTree(spans: SpanRecord[]): SpanTree {
  if (spans.length === 0) return { nodes: [], start: '', durationMs: 0 };
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else roots.push(span);
  }
  let first = BigInt(spans[0]!.start);
  let last = BigInt(spans[0]!.end);
  for (const s of spans) {
    if (BigInt(s.start) < first) first = BigInt(s.start);
    if (BigInt(s.end) > last) last = BigInt(s.end);
  }
  const nodes: SpanNode[] = [];
  const visit = (span: SpanRecord, depth: number, isLast: boolean, rails: boolean[]): void => {
    nodes.push({
      span,
      depth,
      offsetMs: Number(BigInt(span.start) - first) / 1e6,
      orphan: span.parentSpanId !== '' && !ids.has(span.parentSpanId),
      last: isLast,
      rails,
    });
    const kids = (children.get(span.spanId) ?? []).sort(byStart);
    kids.forEach((kid, i) => visit(kid, depth + 1, i === kids.length - 1, [...rails, !isLast]));
  };
  const sortedRoots = roots.sort(byStart);
  sortedRoots.forEach((root, i) => visit(root, 0, i === sortedRoots.length - 1, []));
  return { nodes, start: toRfc3339(Number(first / 1_000_000n)), durationMs: Number(last - first) / 1e6 };
}

/** Same-name sibling leaves from this many on are drawn as one row when a trace is too big. */
const COLLAPSE_FROM = 3;

/**
 * The rows of a waterfall of at most `limit` rows. A trace that fits is drawn whole.
 * Otherwise repeated sibling leaves collapse into one row (`db.query ×48`), and if that
 * is still too many, the rows kept are every error span, then the slowest spans, each
 * with its ancestors, in tree order: what an agent opens a trace to find is never cut.
 */
export function waterfallNodes(tree: SpanTree, limit: number): SpanNode[] {
  if (tree.nodes.length <= limit) return tree.nodes;
  const nodes = collapseRepeats(tree.nodes);
  if (nodes.length <= limit) return nodes;
  const byId = new Map(nodes.map((n) => [n.span.spanId, n]));
  const keep = new Set<SpanNode>();
  const add = (node: SpanNode): void => {
    const chain: SpanNode[] = [];
    for (let n: SpanNode | undefined = node; n && !keep.has(n); n = n.orphan ? undefined : byId.get(n.span.parentSpanId)) chain.push(n);
    if (keep.size + chain.length <= limit) for (const n of chain) keep.add(n);
  };
  for (const node of nodes) if (node.span.status === 'error') add(node);
  for (const node of [...nodes].sort((a, b) => rowMs(b) - rowMs(a))) {
    if (keep.size >= limit) break;
    add(node);
  }
  return nodes.filter((n) => keep.has(n));
}

/** How many spans a row stands for. */
export const spansOf = (node: SpanNode): number => node.collapsed?.count ?? 1;
const rowMs = (node: SpanNode): number => node.collapsed?.maxMs ?? node.span.durationMs;

function collapseRepeats(nodes: SpanNode[]): SpanNode[] {
  const parents = new Set(nodes.map((n) => n.span.parentSpanId));
  const groups = new Map<string, SpanNode[]>();
  for (const node of nodes) {
    if (node.depth === 0 || parents.has(node.span.spanId) || node.span.status === 'error') continue;
    const key = `${node.span.parentSpanId}\u0000${node.span.name}`;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  const replaced = new Map<SpanNode, SpanNode | null>();
  for (const group of groups.values()) {
    if (group.length < COLLAPSE_FROM) continue;
    const durations = group.map((n) => n.span.durationMs);
    const first = group[0]!;
    replaced.set(first, { ...first, collapsed: { count: group.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(...durations) } });
    for (const other of group.slice(1)) replaced.set(other, null);
  }
  return nodes.flatMap((n) => {
    const r = replaced.get(n);
    return r === undefined ? [n] : r === null ? [] : [r];
  });
}
