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
