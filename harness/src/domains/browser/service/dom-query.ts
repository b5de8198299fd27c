import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import { z } from 'zod';
import type { PageSession } from './page-session.js';

export interface DomQuery {
  selector?: string;
  text?: string;
  role?: string;
  name?: string;
  ref?: string;
  limit: number;
  maxChars: number;
  box: boolean;
  styles?: string[];
}

const DEFAULT_STYLES = ['display', 'visibility', 'opacity', 'position', 'z-index', 'color', 'background-color', 'font-size', 'pointer-events', 'overflow'];

/** Finds every element whose own text contains the wanted text (innermost matches only). */
const ALL_BY_TEXT = `(wanted) => {
  const w = wanted.replace(/\\s+/g, ' ').trim().toLowerCase();
  const hits = [...document.querySelectorAll('body *')].filter((el) => (el.innerText || el.value || '').replace(/\\s+/g, ' ').toLowerCase().includes(w));
  return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
}`;

const DESCRIBE = `function (maxChars, box, styles) {
  const html = this.outerHTML;
  const out = { tag: this.tagName.toLowerCase(), html: html.length > maxChars ? html.slice(0, maxChars) : html, truncated: html.length > maxChars };
  if (box) { const r = this.getBoundingClientRect(); out.box = { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) }; }
  if (styles) { const cs = getComputedStyle(this); out.styles = Object.fromEntries(styles.map((p) => [p, cs.getPropertyValue(p)])); }
  return out;
}`;

const DescribedSchema = z.object({
  tag: z.string(),
  html: z.string(),
  truncated: z.boolean(),
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional(),
  styles: z.record(z.string(), z.string()).optional(),
});

export interface DomMatch extends z.infer<typeof DescribedSchema> {
  ref?: string;
}

/** Queries the DOM by CSS, text, role or ref; outerHTML trimmed to a budget per match. */
export async function queryDom(page: PageSession, q: DomQuery): Promise<{ total: number; matches: DomMatch[] }> {
  const ids = await findNodes(page, q);
  const styles = q.styles ? (q.styles.length ? q.styles : DEFAULT_STYLES) : undefined;
  const matches: DomMatch[] = [];
  for (const backendNodeId of ids.slice(0, q.limit)) {
    const described = DescribedSchema.parse(await page.callOn(backendNodeId, DESCRIBE, [q.maxChars, q.box, styles ?? null]));
    matches.push({ ref: page.refs.refFor(backendNodeId), ...described });
  }
  return { total: ids.length, matches };
}

async function findNodes(page: PageSession, q: DomQuery): Promise<number[]> {
  if (q.ref !== undefined) {
    const id = page.refs.nodeOf(q.ref);
    if (id === undefined) throw new HarnessError({ what: `ref ${q.ref} is not known on this page`, why: 'refs come from the latest snapshots of this page', fix: 'take a new snapshot' }, ExitCode.failed);
    return [id];
  }
  if (q.role !== undefined) {
    const { root } = await page.send('DOM.getDocument', { depth: 0 });
    const { nodes } = await page.send('Accessibility.queryAXTree', { backendNodeId: root.backendNodeId, role: q.role, ...(q.name !== undefined ? { accessibleName: q.name } : {}) });
    return nodes.filter((n) => !n.ignored && n.backendDOMNodeId !== undefined).map((n) => n.backendDOMNodeId ?? 0);
  }
  const expression = q.selector !== undefined ? `[...document.querySelectorAll(${JSON.stringify(q.selector)})]` : `(${ALL_BY_TEXT})(${JSON.stringify(q.text ?? '')})`;
  const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, returnByValue: false });
  if (exceptionDetails || !result.objectId) {
    throw new HarnessError({ what: `the query failed: ${exceptionDetails?.exception?.description?.split('\n')[0] ?? 'no result'}`, why: 'the selector goes to document.querySelectorAll', fix: 'check the CSS selector syntax' });
  }
  const { result: props } = await page.send('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
  const ids: number[] = [];
  for (const p of props) {
    if (!/^\d+$/.test(p.name) || !p.value?.objectId) continue;
    const { node } = await page.send('DOM.describeNode', { objectId: p.value.objectId });
    ids.push(node.backendNodeId);
    if (ids.length >= 200) break;
  }
  void page.send('Runtime.releaseObject', { objectId: result.objectId }).catch(() => undefined);
  return ids;
}
