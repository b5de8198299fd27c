import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import { charKey, parseChord, MODIFIER_BITS, type KeyDefinition } from './keys.js';
import type { PageSession } from './page-session.js';
import type { ResolvedTarget } from './targets.js';

/**
 * Real input through CDP's Input domain (mouse and key events as a user makes them), so
 * the page's own handlers run; form values are set the way typing sets them.
 */

/** Scrolls the element into view and checks nothing covers its centre; returns why not, or null. */
const PREPARE = `function () {
  const r0 = this.getBoundingClientRect();
  const inView = r0.top >= 0 && r0.left >= 0 && r0.bottom <= innerHeight && r0.right <= innerWidth;
  if (!inView) this.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const r = this.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return { problem: 'has no size (hidden or not rendered)' };
  const disabled = this.matches(':disabled, [aria-disabled=true]');
  let x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = this.ownerDocument.elementFromPoint(x, y);
  if (!hit || hit === this || this.contains(hit) || (hit.control === this) || (this.labels && [...this.labels].includes(hit))) {
    // The point in the top frame's viewport: add the offsets of same-origin iframes.
    let w = this.ownerDocument.defaultView;
    try {
      while (w && w.frameElement) {
        const f = w.frameElement, fr = f.getBoundingClientRect(), cs = getComputedStyle(f);
        x += fr.left + f.clientLeft + parseFloat(cs.paddingLeft); y += fr.top + f.clientTop + parseFloat(cs.paddingTop);
        w = w.parent;
      }
    } catch { return { disabled }; }
    return { disabled, x, y, top: !w || w === w.top };
  }
  const name = hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + (hit.classList.length ? '.' + [...hit.classList].join('.') : '');
  return { problem: 'is covered by <' + name + '>' };
}`;

const PreparedSchema = z.object({ problem: z.string().optional(), disabled: z.boolean().optional(), x: z.number().optional(), y: z.number().optional(), top: z.boolean().optional() });

async function pointOf(page: PageSession, target: ResolvedTarget, retryMs: number): Promise<{ x: number; y: number; disabled: boolean }> {
  const until = Date.now() + retryMs;
  let disabled: boolean;
  for (;;) {
    const prepared = PreparedSchema.parse(await page.callOn(target.backendNodeId, PREPARE));
    if (prepared.problem === undefined) {
      disabled = prepared.disabled === true;
      if (prepared.top && prepared.x !== undefined && prepared.y !== undefined) return { x: prepared.x, y: prepared.y, disabled };
      break;
    }
    if (Date.now() > until) {
      throw new HarnessError(
        { what: `${target.label} ${prepared.problem}`, why: 'a user could not click it there, so neither does the harness', fix: 'take a snapshot or screenshot to see what is in the way; close it (Escape, a close button) or wait for it to go, then retry' },
        ExitCode.failed,
      );
    }
    await sleep(50);
  }
  const { quads } = await page.send('DOM.getContentQuads', { backendNodeId: target.backendNodeId });
  const quad = quads.find((q) => Math.abs((q[4] ?? 0) - (q[0] ?? 0)) > 0 || Math.abs((q[5] ?? 0) - (q[1] ?? 0)) > 0) ?? quads[0];
  if (!quad) throw new HarnessError({ what: `${target.label} has no box on screen`, why: 'only visible elements can be clicked', fix: 'scroll to it or wait until it is shown' }, ExitCode.failed);
  const xs = [quad[0], quad[2], quad[4], quad[6]].map(Number);
  const ys = [quad[1], quad[3], quad[5], quad[7]].map(Number);
  return { x: xs.reduce((a, b) => a + b) / 4, y: ys.reduce((a, b) => a + b) / 4, disabled };
}

export async function mouseAction(
  page: PageSession,
  target: ResolvedTarget,
  kind: 'click' | 'dblclick' | 'hover',
  button: 'left' | 'right' | 'middle' = 'left',
  modifierNames: string[] = [],
): Promise<string | void> {
  const { x, y, disabled } = await pointOf(page, target, 1000);
  const modifiers = modifierNames.reduce((bits, m) => bits | (MODIFIER_BITS[m] ?? 0), 0);
  // Sent back to back: CDP runs a session's commands in order, so one round trip suffices.
  const events: Promise<unknown>[] = [page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, modifiers })];
  const clicks = kind === 'dblclick' ? 2 : kind === 'click' ? 1 : 0;
  for (let clickCount = 1; clickCount <= clicks; clickCount++) {
    events.push(page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button, clickCount, modifiers }));
    events.push(page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button, clickCount, modifiers }));
  }
  await Promise.all(events);
  if (kind === 'hover') return;
  if (disabled) return 'the element is disabled: the page ignored the click';
}

async function focus(page: PageSession, target: ResolvedTarget): Promise<void> {
  await page.callOn(target.backendNodeId, 'function () { this.scrollIntoView({ block: "center", behavior: "instant" }); this.focus(); }');
}

async function sendKey(page: PageSession, key: KeyDefinition, modifiers = 0): Promise<void> {
  const base = { key: key.key, code: key.code, windowsVirtualKeyCode: key.keyCode, modifiers };
  await page.send('Input.dispatchKeyEvent', { type: key.text ? 'keyDown' : 'rawKeyDown', ...base, ...(key.text ? { text: key.text, unmodifiedText: key.text } : {}) });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
}

/** Types text key by key into the target (or the focused element). */
export async function typeText(page: PageSession, target: ResolvedTarget | undefined, text: string, submit: boolean): Promise<string> {
  if (target) await focus(page, target);
  for (const ch of text) await sendKey(page, charKey(ch));
  if (submit) await sendKey(page, parseChord('Enter').key);
  return `typed ${text.length} characters${submit ? ' and pressed Enter' : ''}`;
}

export async function pressKey(page: PageSession, target: ResolvedTarget | undefined, chord: string): Promise<string> {
  const { key, modifiers } = parseChord(chord);
  if (target) await focus(page, target);
  await sendKey(page, key, modifiers);
  return `pressed ${chord}`;
}

const FILL_KIND = `function () {
  if (this instanceof HTMLInputElement && (this.type === 'checkbox' || this.type === 'radio')) return 'check';
  if (this instanceof HTMLSelectElement) return 'select';
  if (this instanceof HTMLInputElement || this instanceof HTMLTextAreaElement || this.isContentEditable) return 'text';
  return 'other:' + this.tagName.toLowerCase();
}`;

/** Sets one field the way a user would: typing replaces text, clicking toggles a box. */
export async function fillField(page: PageSession, target: ResolvedTarget, value: string | boolean): Promise<string> {
  const kind = String(await page.callOn(target.backendNodeId, FILL_KIND));
  if (kind === 'check') {
    const checked = (await page.callOn(target.backendNodeId, 'function () { return this.checked; }')) === true;
    if (checked !== (value === true || value === 'true')) await mouseAction(page, target, 'click');
    return `${target.label}=${String(value === true || value === 'true')}`;
  }
  if (kind === 'select') return selectOptions(page, target, [String(value)]);
  if (kind !== 'text') throw new HarnessError({ what: `${target.label} is a <${kind.slice(6)}>, not a form field`, why: 'fill sets inputs, text areas, selects and checkboxes', fix: 'target the field itself (a snapshot shows its ref)' }, ExitCode.failed);
  await focus(page, target);
  await page.callOn(target.backendNodeId, 'function () { if (this.select) this.select(); else document.getSelection().selectAllChildren(this); }');
  const text = String(value);
  if (text === '') await sendKey(page, parseChord('Delete').key);
  else await page.send('Input.insertText', { text });
  return `${target.label}=${JSON.stringify(text)}`;
}

const SELECT = `function (wanted) {
  if (!(this instanceof HTMLSelectElement)) return { error: 'is not a <select>' };
  const picked = [...this.options].filter((o) => wanted.includes(o.value) || wanted.includes(o.label) || wanted.includes(o.text.trim()));
  if (picked.length === 0) return { error: 'has no option ' + JSON.stringify(wanted) + ' (options: ' + [...this.options].map((o) => o.label).slice(0, 20).join(', ') + ')' };
  for (const o of this.options) o.selected = picked.includes(o) && (this.multiple || o === picked[0]);
  this.dispatchEvent(new Event('input', { bubbles: true }));
  this.dispatchEvent(new Event('change', { bubbles: true }));
  return { selected: picked.map((o) => o.label) };
}`;

export async function selectOptions(page: PageSession, target: ResolvedTarget, values: string[]): Promise<string> {
  const result = await page.callOn(target.backendNodeId, SELECT, [values]);
  if (typeof result === 'object' && result !== null && 'error' in result) {
    throw new HarnessError({ what: `${target.label} ${String(result.error)}`, why: 'select picks options of a <select> by value or label', fix: 'use one of the listed options' }, ExitCode.failed);
  }
  const selected = typeof result === 'object' && result !== null && 'selected' in result && Array.isArray(result.selected) ? result.selected.map(String) : [];
  return `selected ${selected.join(', ')}`;
}

export async function scroll(page: PageSession, target: ResolvedTarget | undefined, dx: number, dy: number): Promise<string> {
  if (target) await page.callOn(target.backendNodeId, 'function () { this.scrollIntoView({ block: "center", behavior: "instant" }); }');
  else await page.evaluate(`window.scrollBy(${dx}, ${dy})`);
  const position = await page.evaluate('[Math.round(scrollX), Math.round(scrollY), document.documentElement.scrollHeight]');
  const [x, y, height] = Array.isArray(position) ? position.map(Number) : [0, 0, 0];
  return `scrolled to x=${x} y=${y} (page height ${height})`;
}

export async function upload(page: PageSession, target: ResolvedTarget, files: string[]): Promise<string> {
  const missing = files.filter((f) => !f.startsWith('/') || !existsSync(f));
  if (missing.length) throw new HarnessError({ what: `cannot upload ${missing.join(', ')}: not an existing absolute path`, why: 'the file input reads the files from disk', fix: 'pass absolute paths of files that exist' });
  await page.send('DOM.setFileInputFiles', { files, backendNodeId: target.backendNodeId });
  await page.callOn(target.backendNodeId, 'function () { this.dispatchEvent(new Event("input", { bubbles: true })); this.dispatchEvent(new Event("change", { bubbles: true })); }');
  return `set ${files.length} file(s)`;
}

export async function handleDialog(page: PageSession, accept: boolean, promptText: string | undefined): Promise<string> {
  const dialog = page.dialog;
  if (!dialog) throw new HarnessError({ what: 'no dialog is open', why: 'dialog answers an alert, confirm or prompt the page opened', fix: 'an action answer says `dialog:` when one opens; run dialog only then' }, ExitCode.failed);
  await page.send('Page.handleJavaScriptDialog', { accept, ...(promptText !== undefined ? { promptText } : {}) });
  page.clearDialog();
  return `${accept ? 'accepted' : 'dismissed'} ${dialog.type} "${dialog.message}"`;
}
