import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { Target } from '../types/params.js';
import type { PageSession } from './page-session.js';

/** An element an action is aimed at, with the ref it has (or got) in this page. */
export interface ResolvedTarget {
  backendNodeId: number;
  ref: string;
  /** How the target was named, for answers: `e5`, `css #add`, `text "Add"`. */
  label: string;
}

/** Finds the smallest visible element whose text (or label, value, placeholder) matches. */
const FIND_BY_TEXT = `(wanted) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim().toLowerCase();
  const w = norm(wanted);
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const textOf = (el) => norm(el.getAttribute('aria-label') || (el instanceof HTMLInputElement ? (el.value || el.placeholder) : el.innerText));
  let best = null, bestScore = -1;
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const t = textOf(el);
    if (!t.includes(w)) continue;
    const interactive = el.matches('a,button,input,select,textarea,summary,label,[role],[tabindex],[onclick]');
    const score = (t === w ? 4 : 0) + (interactive ? 2 : 0) - t.length / 10000;
    if (score >= bestScore) { best = el; bestScore = score; }
  }
  if (best instanceof HTMLLabelElement && best.control) best = best.control;
  return best;
}`;

export async function resolveTarget(page: PageSession, target: Target): Promise<ResolvedTarget> {
  if (target.ref !== undefined) {
    const ref = target.ref.replace(/^@/, '');
    const backendNodeId = page.refs.nodeOf(ref);
    if (backendNodeId === undefined) {
      throw notFound(`ref ${ref} is not known on this page`, 'refs come from `harness browser snapshot` and are reset when the page navigates', 'take a new snapshot and use a ref from it');
    }
    // Whether it still exists shows when the action touches it (page.callOn says so).
    return { backendNodeId, ref, label: ref };
  }
  if (target.selector !== undefined) {
    const objectId = await evaluateToObject(page, `document.querySelector(${JSON.stringify(target.selector)})`);
    if (!objectId) throw notFound(`no element matches the selector ${target.selector}`, 'the action needs an element to act on', 'check the selector with `harness browser dom --selector ...`, or use a ref from a snapshot');
    return fromObject(page, objectId, `css ${target.selector}`);
  }
  if (target.text !== undefined) {
    const objectId = await evaluateToObject(page, `(${FIND_BY_TEXT})(${JSON.stringify(target.text)})`);
    if (!objectId) throw notFound(`no visible element shows the text "${target.text}"`, 'the action needs an element to act on', 'take a snapshot to see the texts on the page, or target by ref');
    return fromObject(page, objectId, `text "${target.text}"`);
  }
  const role = target.role ?? '';
  const { root } = await page.send('DOM.getDocument', { depth: 0 });
  const { nodes } = await page.send('Accessibility.queryAXTree', {
    backendNodeId: root.backendNodeId,
    role,
    ...(target.name !== undefined ? { accessibleName: target.name } : {}),
  });
  const node = nodes.find((n) => !n.ignored && n.backendDOMNodeId !== undefined);
  if (!node?.backendDOMNodeId) {
    throw notFound(`no element with role ${role}${target.name !== undefined ? ` and name "${target.name}"` : ''}`, 'the action needs an element to act on', 'take a snapshot to see roles and names, or target by ref');
  }
  const ref = page.refs.refFor(node.backendDOMNodeId);
  return { backendNodeId: node.backendDOMNodeId, ref, label: `${ref} (${role}${target.name !== undefined ? ` "${target.name}"` : ''})` };
}

async function evaluateToObject(page: PageSession, expression: string): Promise<string | undefined> {
  const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, returnByValue: false });
  if (exceptionDetails) {
    throw new HarnessError({
      what: `the page rejected the lookup: ${exceptionDetails.exception?.description?.split('\n')[0] ?? exceptionDetails.text}`,
      why: 'the selector or text could not be evaluated',
      fix: 'check the CSS selector syntax (it goes to document.querySelector)',
    });
  }
  return result.subtype === 'null' ? undefined : result.objectId;
}

async function fromObject(page: PageSession, objectId: string, label: string): Promise<ResolvedTarget> {
  const { node } = await page.send('DOM.describeNode', { objectId });
  void page.send('Runtime.releaseObject', { objectId }).catch(() => undefined);
  const ref = page.refs.refFor(node.backendNodeId);
  return { backendNodeId: node.backendNodeId, ref, label: `${ref} (${label})` };
}

function notFound(what: string, why: string, fix: string): HarnessError {
  return new HarnessError({ what, why, fix }, ExitCode.failed);
}
