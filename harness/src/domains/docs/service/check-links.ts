import { posix } from 'node:path';
import type { DocViolation } from '../types/violation.js';
import { relativeLink, violation, type DocWorkspace } from './workspace.js';
import { editDistance } from '../../../utils/closest-names.js';

/** Every relative link and #anchor in every checked markdown file must resolve. */
export function checkLinks(ws: DocWorkspace): { violations: DocViolation[]; links: number } {
  const violations: DocViolation[] = [];
  let links = 0;
  for (const md of ws.markdown.values()) {
    for (const link of md.scanned.links) {
      const target = ws.resolve(md.path, link.dest);
      if (target.kind === 'external') continue;
      links++;
      if (target.escapes) {
        violations.push(
          violation('broken-link', md.path, link.line, `link \`${link.dest}\` points outside the repository`, 'link to a file inside the repository, or use a full https:// URL', { link: link.dest }),
        );
        continue;
      }
      if (!ws.exists(target.path)) {
        violations.push(brokenLink(ws, md.path, link.line, link.dest, target.path, target.anchor));
        continue;
      }
      if (target.anchor === null || target.anchor === '') continue;
      const problem = anchorProblem(ws, target.path, target.anchor);
      if (problem) {
        const where = target.path === md.path ? 'this file' : target.path;
        violations.push(violation('broken-anchor', md.path, link.line, `link \`${link.dest}\`: ${where} has no heading or anchor \`#${target.anchor}\``, problem, { link: link.dest }));
      }
    }
  }
  return { violations, links };
}

function brokenLink(ws: DocWorkspace, file: string, line: number, dest: string, path: string, anchor: string | null): DocViolation {
  const moved = ws.movedTo(path);
  if (moved) {
    const newDest = relativeLink(file, moved) + (anchor !== null ? `#${anchor}` : '');
    return violation(
      'broken-link',
      file,
      line,
      `link \`${dest}\` points to ${path}, which was moved to ${moved}`,
      `change the link to \`${newDest}\` (git history records the rename); \`npx harness docs garden\` repairs such links`,
      { link: dest, movedTo: moved },
    );
  }
  const namesake = ws.files.filter((f) => posix.basename(f) === posix.basename(path));
  const hint =
    namesake.length === 1 && namesake[0]
      ? `a file with the same name exists: link \`${relativeLink(file, namesake[0])}\` if that is the one`
      : 'correct the path, or remove the link if the target is gone';
  return violation('broken-link', file, line, `link \`${dest}\` points to ${path}, which does not exist`, `${hint} (git history has no rename of ${path})`, { link: dest });
}

/** Why an anchor does not resolve, phrased as the fix; null when it resolves. */
function anchorProblem(ws: DocWorkspace, path: string, anchor: string): string | null {
  // Anchors into code files (#L10) and folders are GitHub views the lint cannot check.
  if (!path.endsWith('.md')) return null;
  const anchors = ws.anchors(path);
  if (!anchors || anchors.has(anchor) || anchors.has(anchor.toLowerCase())) return null;
  const closest = closestName(anchor.toLowerCase(), [...anchors]);
  return closest
    ? `use \`#${closest}\`, the closest heading slug (GitHub slugs: lower case, spaces to -, punctuation dropped)`
    : `add the heading to ${path}, or link the file without the anchor (it has no headings)`;
}

/** The candidate with the smallest edit distance to `name`. */
export function closestName(name: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
