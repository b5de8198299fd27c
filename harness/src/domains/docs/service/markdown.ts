import GithubSlugger from 'github-slugger';

/**
 * A small Markdown scanner: links (with their line), headings and HTML anchors,
 * skipping fenced code and inline code. Owned rather than taken from a full CommonMark
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
  for (; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    const fenceMatch = FENCE.exec(raw);
    if (fence !== null) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && raw.trim() === fenceMatch[1]) fence = null;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      previousIsParagraph = false;
      continue;
    }
    const atx = ATX.exec(raw);
    if (atx?.[1]) {
      result.headings.push({ text: atx[2] ?? '', level: atx[1].length, line: lineNo });
      previousIsParagraph = false;
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
