import type { Protocol } from 'devtools-protocol';
import type { PageSession } from './page-session.js';

/**
 * The accessibility snapshot: Chromium's AX tree, pruned and printed one node per line
 * with one space of indent per level. Interactive elements get a ref (`[e12]`); wrappers
 * without meaning (generic, none, ignored, paragraphs) are dissolved into their parent;
 * text that repeats a neighbour's name is dropped. See docs/design-docs/browser-tools.md.
 */

type AXNode = Protocol.Accessibility.AXNode;

export interface SnapshotOptions {
  /** Render from this element instead of the page root. */
  rootBackendNodeId?: number;
  depth?: number;
  interactiveOnly?: boolean;
}

interface Item {
  role?: string;
  name?: string;
  ref?: string;
  attrs: string[];
  /** A text line (static text), instead of role and name. */
  text?: string;
  children: Item[];
  /** How many nodes a depth limit cut below this one. */
  cut?: number;
}

const INTERACTIVE = new Set([
  'button', 'link', 'textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'listbox', 'option', 'menuitem',
  'menuitemcheckbox', 'menuitemradio', 'slider', 'spinbutton', 'switch', 'tab', 'treeitem', 'Iframe', 'textField',
]);
/** Roles that carry no meaning of their own: their children take their place. */
const DISSOLVE = new Set(['MenuListPopup', 'generic', 'none', 'presentation', 'paragraph', 'LineBreak', 'InlineTextBox', 'LabelText', 'div']);
/** Containers that mean something only when named (a radio group's legend, a labelled section). */
const DISSOLVE_UNNAMED = new Set(['group', 'Section', 'sectionheader', 'sectionfooter']);
/** Children that only repeat their container's name. */
const CAPTIONS = new Set(['Legend', 'caption', 'Caption', 'figcaption']);
const TEXT = new Set(['StaticText', 'text']);
const VALUE_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'slider', 'spinbutton', 'textField', 'ProgressIndicator', 'progressbar']);
/** Fields whose inner structure is the browser's own (the editable div inside an input). */
const LEAF_ROLES = new Set(['textbox', 'searchbox', 'textField', 'spinbutton', 'slider', 'button', 'checkbox', 'radio', 'switch', 'img', 'image']);
const STATES = ['checked', 'selected', 'expanded', 'pressed', 'disabled', 'required', 'invalid', 'focused', 'readonly', 'modal'];

export interface SnapshotText {
  text: string;
  refs: number;
}

/** Builds the snapshot text of the page (every frame stitched under its iframe element). */
export async function buildSnapshot(page: PageSession, options: SnapshotOptions = {}): Promise<SnapshotText> {
  const { trees, owners } = await loadFrameTrees(page);
  const main = trees.get(page.mainFrameId);
  if (!main) return { text: '(empty page)', refs: 0 };
  let refs = 0;
  const ctx: RenderContext = {
    page,
    trees,
    owners,
    interactiveOnly: options.interactiveOnly === true,
    maxDepth: options.depth ?? Number.POSITIVE_INFINITY,
    countRef: () => void refs++,
  };
  let roots: Item[];
  if (options.rootBackendNodeId !== undefined) {
    const found = findByBackendId(trees, options.rootBackendNodeId);
    if (!found) return { text: '(the element has no accessibility node: it is hidden or not rendered)', refs: 0 };
    roots = renderNode(found.tree, found.node, 0, ctx, true);
  } else {
    const root = main.root;
    roots = root ? renderChildren(main, root, 0, ctx) : [];
  }
  const lines: string[] = [];
  for (const item of roots) serialize(item, 0, lines);
  return { text: lines.join('\n') || '(no accessible content)', refs };
}

interface FrameTree {
  frameId: string;
  byId: Map<string, AXNode>;
  root: AXNode | undefined;
}

interface RenderContext {
  page: PageSession;
  trees: Map<string, FrameTree>;
  interactiveOnly: boolean;
  maxDepth: number;
  countRef: () => void;
  /** backend node id of an iframe element → the id of the frame it holds. */
  owners: Map<number, string>;
}

async function loadFrameTrees(page: PageSession): Promise<{ trees: Map<string, FrameTree>; owners: Map<number, string> }> {
  const { frameTree } = await page.send('Page.getFrameTree');
  const frames: Protocol.Page.FrameTree[] = [];
  const walk = (t: Protocol.Page.FrameTree): void => {
    frames.push(t);
    for (const c of t.childFrames ?? []) walk(c);
  };
  walk(frameTree);
  const trees = new Map<string, FrameTree>();
  const owners = new Map<number, string>();
  await Promise.all(
    frames.map(async (f) => {
      // Out-of-process frames are not in this session's AX tree; their owner still shows.
      const result = await page.send('Accessibility.getFullAXTree', { frameId: f.frame.id }).catch(() => undefined);
      if (!result) return;
      const byId = new Map(result.nodes.map((n) => [n.nodeId, n]));
      const root = result.nodes.find((n) => !n.parentId) ?? result.nodes[0];
      trees.set(f.frame.id, { frameId: f.frame.id, byId, root });
      if (f.frame.parentId) {
        const owner = await page.send('DOM.getFrameOwner', { frameId: f.frame.id }).catch(() => undefined);
        if (owner) owners.set(owner.backendNodeId, f.frame.id);
      }
    }),
  );
  return { trees, owners };
}

function findByBackendId(trees: Map<string, FrameTree>, backendNodeId: number): { tree: FrameTree; node: AXNode } | undefined {
  for (const tree of trees.values()) {
    for (const node of tree.byId.values()) if (node.backendDOMNodeId === backendNodeId) return { tree, node };
  }
  return undefined;
}

function prop(node: AXNode, name: string): unknown {
  return node.properties?.find((p) => p.name === name)?.value.value;
}

function clean(text: unknown, max = 100): string {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function isInteractive(node: AXNode, role: string): boolean {
  if (INTERACTIVE.has(role)) return true;
  if (role === 'RootWebArea' || role === 'WebArea') return false;
  return prop(node, 'focusable') === true || prop(node, 'editable') === 'plaintext' || prop(node, 'editable') === 'richtext';
}

function renderChildren(tree: FrameTree, node: AXNode, depth: number, ctx: RenderContext): Item[] {
  const items: Item[] = [];
  for (const id of node.childIds ?? []) {
    const child = tree.byId.get(id);
    if (child) items.push(...renderNode(tree, child, depth, ctx, false));
  }
  return dropEchoedText(items);
}

/** Renders one AX node as zero (dissolved), one, or several (hoisted children) items. */
function renderNode(tree: FrameTree, node: AXNode, depth: number, ctx: RenderContext, isRoot: boolean): Item[] {
  const role = String(node.role?.value ?? 'none');
  if (node.ignored && !isRoot) return renderChildren(tree, node, depth, ctx);
  if (TEXT.has(role)) {
    const text = clean(node.name?.value, 300);
    return text && !ctx.interactiveOnly ? [{ text, attrs: [], children: [] }] : [];
  }
  const interactive = node.backendDOMNodeId !== undefined && isInteractive(node, role);
  const name = clean(node.name?.value);
  if (!interactive && !isRoot && (DISSOLVE.has(role) || (DISSOLVE_UNNAMED.has(role) && !name) || (ctx.interactiveOnly && role !== 'Iframe'))) {
    return renderChildren(tree, node, depth, ctx);
  }
  const item: Item = { role: role === 'Iframe' ? 'iframe' : role, attrs: [], children: [] };
  if (name) item.name = name;
  if (interactive && node.backendDOMNodeId !== undefined) {
    item.ref = ctx.page.refs.refFor(node.backendDOMNodeId);
    ctx.countRef();
  }
  const value = node.value?.value;
  if (VALUE_ROLES.has(role) && value !== undefined && value !== '') item.attrs.push(`value=${JSON.stringify(clean(value, 200))}`);
  const level = prop(node, 'level');
  if (role === 'heading' && level !== undefined) item.attrs.push(`l${String(level)}`);
  for (const state of STATES) {
    const v = prop(node, state);
    if (v === true || v === 'true') item.attrs.push(state);
    else if (v === 'mixed') item.attrs.push(`${state}=mixed`);
  }
  if (depth >= ctx.maxDepth) {
    const hidden = countBelow(tree, node);
    if (hidden > 0) item.cut = hidden;
    return [item];
  }
  const leaf = LEAF_ROLES.has(role) && (item.name !== undefined || VALUE_ROLES.has(role));
  let children = leaf ? [] : renderChildren(tree, node, depth + 1, ctx);
  if (role === 'Iframe' && node.backendDOMNodeId !== undefined) {
    const frameId = ctx.owners.get(node.backendDOMNodeId);
    const inner = frameId ? ctx.trees.get(frameId) : undefined;
    if (inner?.root) children = renderChildren(inner, inner.root, depth + 1, ctx);
    else if (!frameId) item.attrs.push('out-of-process');
  }
  if (item.name) children = children.filter((c) => !(c.role && CAPTIONS.has(c.role) && c.name === item.name));
  // Children that only spell out the node's own name add nothing.
  if (item.name && children.every((c) => c.text !== undefined) && item.name.includes(children.map((c) => c.text).join(' ').slice(0, 99))) children = [];
  // A nameless node that starts with text reads better with that text on its own line:
  // `listitem "Buy milk"` rather than `listitem` and `"Buy milk"` below it.
  if (!item.name && children[0]?.text !== undefined && !item.ref) {
    item.name = children[0].text;
    children = children.slice(1);
  }
  item.children = children;
  return [item];
}

function countBelow(tree: FrameTree, node: AXNode): number {
  let n = 0;
  for (const id of node.childIds ?? []) {
    const child = tree.byId.get(id);
    if (child && !child.ignored) n++;
    if (child) n += countBelow(tree, child);
  }
  return n;
}

/** Drops text lines that repeat the name of a sibling (a label next to its field). */
function dropEchoedText(items: Item[]): Item[] {
  const names = new Set(items.filter((i) => i.role && i.name).map((i) => i.name));
  const merged: Item[] = [];
  for (const item of items) {
    if (item.text !== undefined && names.has(item.text)) continue;
    const previous = merged[merged.length - 1];
    // Adjacent text runs (split by inline markup) become one line.
    if (item.text !== undefined && previous?.text !== undefined && previous.children.length === 0) {
      previous.text = clean(`${previous.text} ${item.text}`, 300);
      continue;
    }
    merged.push(item);
  }
  return merged;
}

function serialize(item: Item, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (item.text !== undefined) {
    lines.push(`${pad}${JSON.stringify(item.text)}`);
    return;
  }
  let line = `${pad}${item.role}`;
  if (item.name !== undefined) line += ` ${JSON.stringify(item.name)}`;
  if (item.ref) line += ` [${item.ref}]`;
  if (item.attrs.length) line += ` ${item.attrs.join(' ')}`;
  if (item.cut) line += ` (+${item.cut} below)`;
  lines.push(line);
  for (const child of item.children) serialize(child, indent + 1, lines);
}
