import { posix } from 'node:path';
import type { DocViolation } from '../types/violation.js';
import { lineHasLink } from './markdown.js';
import { violation, type DocWorkspace } from './workspace.js';

/** AGENTS.md is a map: short, made of pointers (links, `paths`, `commands`). */
export function checkAgentsMap(ws: DocWorkspace): DocViolation[] {
  const { agentsFile, agentsLineBudget, agentsMaxProse } = ws.config;
  const md = ws.markdownFile(agentsFile);
  if (!md) {
    return [
      violation('agents-missing', agentsFile, 1, `${agentsFile} does not exist`, `create ${agentsFile}: a short map (under ${agentsLineBudget} lines) linking the indexes under ${ws.config.docsDir}/`),
    ];
  }
  const violations: DocViolation[] = [];
  const lines = md.text.endsWith('\n') ? md.scanned.lines.slice(0, -1) : md.scanned.lines;
  if (lines.length > agentsLineBudget) {
    violations.push(
      violation(
        'agents-line-budget',
        agentsFile,
        agentsLineBudget + 1,
        `${agentsFile} has ${lines.length} lines, over its budget of ${agentsLineBudget}`,
        `move detail into a doc under ${ws.config.docsDir}/ and leave a one-line link to it (the budget is docs.agentsLineBudget in harness.config.ts)`,
      ),
    );
  }
  let content = 0;
  let pointers = 0;
  let runStart = 0;
  let run = 0;
  let inFence = false;
  const flush = (): void => {
    if (run > agentsMaxProse) {
      violations.push(
        violation(
          'agents-prose',
          agentsFile,
          runStart,
          `${agentsFile} lines ${runStart}-${runStart + run - 1}: ${run} lines of prose without a link`,
          `move this text into a doc under ${ws.config.docsDir}/ and link it from one line here (at most ${agentsMaxProse} lines in a row without a link or \`code\` pointer)`,
        ),
      );
    }
    run = 0;
  };
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) inFence = !inFence;
    if (trimmed === '' || /^\|?[\s:|-]+\|?$/.test(trimmed)) return;
    if (!inFence && trimmed.startsWith('#')) return flush();
    content++;
    if (inFence || lineHasLink(line) || line.includes('`')) {
      pointers++;
      return flush();
    }
    if (run === 0) runStart = i + 1;
    run++;
  });
  flush();
  if (content >= 10 && pointers * 2 < content) {
    violations.push(
      violation(
        'agents-prose',
        agentsFile,
        1,
        `${agentsFile}: only ${pointers} of ${content} lines point somewhere (a link, a \`path\` or a \`command\`)`,
        `turn explanations into docs under ${ws.config.docsDir}/ and link them: a map should be mostly pointers`,
      ),
    );
  }
  return violations;
}

/** Every file a chain of links from AGENTS.md reaches (a folder link reaches its index.md or README.md). */
export function reachableFromAgents(ws: DocWorkspace): Set<string> {
  const reached = new Set<string>();
  const start = ws.config.agentsFile;
  if (!ws.markdownFile(start)) return reached;
  const queue = [start];
  reached.add(start);
  while (queue.length > 0) {
    const current = queue.pop() ?? '';
    const md = ws.markdownFile(current);
    if (!md) continue;
    for (const link of md.scanned.links) {
      const target = ws.resolve(current, link.dest);
      if (target.kind === 'external' || target.escapes || reached.has(target.path) || !ws.exists(target.path)) continue;
      reached.add(target.path);
      if (ws.isDirectory(target.path)) {
        for (const name of ['index.md', 'README.md']) {
          const entry = target.path === '' ? name : `${target.path}/${name}`;
          if (!reached.has(entry) && ws.fileSet.has(entry)) {
            reached.add(entry);
            queue.push(entry);
          }
        }
      } else if (target.path.endsWith('.md')) {
        queue.push(target.path);
      }
    }
  }
  return reached;
}

/** Files under docs/ that no chain of links from AGENTS.md reaches. */
export function checkOrphans(ws: DocWorkspace): DocViolation[] {
  const start = ws.config.agentsFile;
  if (!ws.markdownFile(start)) return [];
  const reached = reachableFromAgents(ws);
  const prefix = `${ws.config.docsDir}/`;
  const indexed = ws.config.indexes.map((ix) => `${ix.folder}/`);
  const indexFiles = new Set(ws.config.indexes.map((ix) => ix.file));
  const violations: DocViolation[] = [];
  for (const file of ws.files) {
    if (!file.startsWith(prefix) || reached.has(file)) continue;
    // A markdown doc in an indexed folder is reported as a missing index row instead.
    if (file.endsWith('.md') && !indexFiles.has(file) && indexed.some((f) => file.startsWith(f))) continue;
    const parentIndex = nearestIndex(ws, file);
    violations.push(
      violation(
        'orphan-doc',
        file,
        1,
        `${file} is not reachable by links from ${start}`,
        parentIndex
          ? `link it from ${parentIndex} (which ${start} reaches), or delete it if it is obsolete`
          : `link it from ${start} or from a doc it links, or delete it if it is obsolete`,
      ),
    );
  }
  return violations;
}

function nearestIndex(ws: DocWorkspace, file: string): string | null {
  for (let dir = posix.dirname(file); dir !== '.' && dir !== ''; dir = posix.dirname(dir)) {
    for (const name of ['index.md', 'README.md']) {
      const candidate = `${dir}/${name}`;
      if (candidate !== file && ws.fileSet.has(candidate)) return candidate;
    }
  }
  return null;
}
