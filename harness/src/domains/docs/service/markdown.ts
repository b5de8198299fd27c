import GithubSlugger from 'github-slugger';

/**
 * A small Markdown scanner: links (with their line), headings and HTML anchors,
 * skipping fenced, indented and inline code and HTML comments. Owned rather than taken from a full CommonMark
 * parser because the lints need source lines for every link (markdown-it has none for
 * inline tokens) and must scan thousands of files in well under a second; see
 * docs/design-docs/docs-lints.md#decisions.
 */

export interface MdLink {
  /** The destination as written (angle brackets removed). */
  dest: string;
  line: number;
  kind: 'inline' | 'image' | 'definition' | 'html';
}

export interface MdHeading {
  text: string;
  level: number;
  line: number;
}

export interface ScannedMarkdown {
  /** The YAML between the opening and closing `---`, or null when the file has none. */
  frontmatter: { yaml: string; closed: boolean; endLine: number } | null;
  links: MdLink[];
  headings: MdHeading[];
  /** Explicit anchors: `id="…"` / `name="…"` on HTML elements. */
  htmlAnchors: string[];
  lines: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^ *(?:[-*+]|\d{1,9}[.)])(?: {1,4}(?=\S)|$)/;
const NOT_PARAGRAPH = /^\s*(?:[-*+>|]|\d+[.)]\s|<|$)/;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;
const INLINE_LINK =
  /(!?)\[(?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*\]\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)/g;
const HAS_INLINE_LINK = new RegExp(INLINE_LINK.source);
const DEFINITION = /^ {0,3}\[([^\]^][^\]]*)\]:\s*(<[^>]*>|\S+)/;
const HTML_LINK = /<(?:a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']/gi;
const HTML_ANCHOR = /<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi;

export function scanMarkdown(text: string): ScannedMarkdown {
  const lines = text.split(/\r?\n/);
  const result: ScannedMarkdown = { frontmatter: null, links: [], headings: [], htmlAnchors: [], lines };
  let i = 0;
  if (lines[0] === '---') {
    let end = 1;
    while (end < lines.length && lines[end] !== '---' && lines[end] !== '...') end++;
    const closed = end < lines.length;
    result.frontmatter = { yaml: lines.slice(1, end).join('\n'), closed, endLine: closed ? end + 1 : lines.length };
    i = closed ? end + 1 : lines.length;
  }
  let fence: string | null = null;
  let previousIsParagraph = false;
  let inComment = false;
  // Indented code starts only where a paragraph cannot continue: after a blank line, a
  // heading, a fence or more indented code. Inside a list item it needs 4 columns more
  // than the item's content (`listIndent`), else it is the item's next paragraph.
  let codeMayStart = true;
  let listIndent: number | null = null;
  for (; i < lines.length; i++) {
    let raw = lines[i] ?? '';
    const lineNo = i + 1;
    if (inComment) {
      const close = raw.indexOf('-->');
      if (close < 0) continue;
      inComment = false;
      raw = raw.slice(close + 3);
    }
    const fenceMatch = FENCE.exec(raw);
    if (fence !== null) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && raw.trim() === fenceMatch[1]) {
        fence = null;
        codeMayStart = true;
      }
      continue;
    }
    if (raw.trim() === '') {
      previousIsParagraph = false;
      codeMayStart = true;
      continue;
    }
    const indent = indentOf(raw);
    const item = LIST_ITEM.exec(raw);
    // A line left of the list's content after a blank line (or any heading or fence at
    // column 0) ends the list, or at least its innermost item.
    if (!item && listIndent !== null && indent < listIndent && (codeMayStart || (indent === 0 && (ATX.test(raw) || fenceMatch)))) {
      listIndent = indent > 0 ? indent : null;
    }
    if (codeMayStart && indent >= (listIndent ?? 0) + 4) continue; // indented code
    codeMayStart = false;
    if (item) listIndent = item[0].length;
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      previousIsParagraph = false;
      continue;
    }
    if (raw.includes('<!--')) {
      const blanked = blankComments(raw);
      raw = blanked.line;
      inComment = blanked.open;
    }
    const atx = ATX.exec(raw);
    if (atx?.[1]) {
      result.headings.push({ text: atx[2] ?? '', level: atx[1].length, line: lineNo });
      previousIsParagraph = false;
      codeMayStart = true;
    } else if (previousIsParagraph && SETEXT.test(raw)) {
      result.headings.push({ text: (lines[i - 1] ?? '').trim(), level: raw.trim().startsWith('=') ? 1 : 2, line: lineNo - 1 });
      previousIsParagraph = false;
      continue;
    } else {
      previousIsParagraph = !NOT_PARAGRAPH.test(raw);
    }
    scanLine(raw, lineNo, result);
  }
  return result;
}

/** The column where a line's content starts, tabs counted to the next multiple of 4. */
function indentOf(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/**
 * The line with its HTML comments (`<!-- … -->`) turned into spaces, and whether a
 * comment stays open at its end. A `<!--` inside inline code is not a comment.
 */
function blankComments(raw: string): { line: string; open: boolean } {
  const code = raw.includes('`') ? raw.replace(CODE_SPAN, (m) => ' '.repeat(m.length)) : raw;
  let line = raw;
  for (let from = code.indexOf('<!--'); from >= 0; from = code.indexOf('<!--', from)) {
    const close = code.indexOf('-->', from + 4);
    const end = close < 0 ? raw.length : close + 3;
    line = line.slice(0, from) + ' '.repeat(end - from) + line.slice(end);
    if (close < 0) return { line, open: true };
    from = end;
  }
  return { line, open: false };
}

function scanLine(raw: string, lineNo: number, out: ScannedMarkdown): void {
  const line = raw.includes('`') ? raw.replace(CODE_SPAN, (m) => ' '.repeat(m.length)) : raw;
  if (line.includes('](')) {
    for (const m of line.matchAll(INLINE_LINK)) {
      out.links.push({ dest: unwrap(m[2] ?? ''), line: lineNo, kind: m[1] ? 'image' : 'inline' });
    }
  }
  if (line.includes(']:')) {
    const def = DEFINITION.exec(line);
    if (def?.[2]) out.links.push({ dest: unwrap(def[2]), line: lineNo, kind: 'definition' });
  }
  if (line.includes('<')) {
    for (const m of line.matchAll(HTML_LINK)) out.links.push({ dest: m[1] ?? '', line: lineNo, kind: 'html' });
    for (const m of line.matchAll(HTML_ANCHOR)) if (m[1]) out.htmlAnchors.push(m[1]);
  }
}

function unwrap(dest: string): string {
  return dest.startsWith('<') && dest.endsWith('>') ? dest.slice(1, -1) : dest;
}

/** The text GitHub renders for a heading's source: markup removed, content kept. */
export function renderedHeadingText(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(`+)([\s\S]*?)\1/g, '$2')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, '$1$2');
}

/** Every anchor a link may target in this document: GitHub heading slugs and HTML ids. */
export function anchorsOf(doc: ScannedMarkdown): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>(doc.htmlAnchors);
  for (const h of doc.headings) anchors.add(slugger.slug(renderedHeadingText(h.text)));
  return anchors;
}

/** Lines of `text` that hold a markdown link (used by the AGENTS.md map rules). */
export function lineHasLink(line: string): boolean {
  const plain = line.includes('`') ? line.replace(CODE_SPAN, '') : line;
  return HAS_INLINE_LINK.test(plain) || DEFINITION.test(plain);
}
