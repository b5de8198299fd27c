// The one error shape of the API: what went wrong, why it matters, the fix, and, for
// invalid input, one entry per field. Shared by the server (to build replies) and the
// browser (to read them), so it stays free of Node imports.
import * as z from 'zod';

export const ProblemFieldSchema = z.object({
  path: z.string(),
  message: z.string(),
});

export const ProblemSchema = z.object({
  error: z.object({
    what: z.string(),
    why: z.string(),
    fix: z.string(),
    fields: z.array(ProblemFieldSchema),
  }),
});

export type ProblemField = z.infer<typeof ProblemFieldSchema>;
export type Problem = z.infer<typeof ProblemSchema>;

export interface ProblemParts {
  what: string;
  why: string;
  fix: string;
  fields?: ProblemField[];
}

export function problem(parts: ProblemParts): Problem {
  return { error: { what: parts.what, why: parts.why, fix: parts.fix, fields: parts.fields ?? [] } };
}

/** The path of a whole-body (or whole-query) issue, which has no field name. */
export const ROOT_PATH = '(root)';

/** One entry per bad field; an unknown key becomes its own entry so each can be fixed. */
export function fieldsFromIssues(issues: readonly z.core.$ZodIssue[]): ProblemField[] {
  const fields: ProblemField[] = [];
  for (const issue of issues) {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : ROOT_PATH;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const prefix = path === ROOT_PATH ? '' : `${path}.`;
        fields.push({ path: `${prefix}${key}`, message: `unknown field "${key}"` });
      }
      continue;
    }
    fields.push({ path, message: issue.message });
  }
  return fields;
}

/** Validation failures answer 422: the JSON was well formed but its content was not. */
export const INVALID_INPUT_STATUS = 422;

/** The reply body for input that parsed as JSON but broke the schema. */
export function invalidInputProblem(subject: string, issues: readonly z.core.$ZodIssue[]): Problem {
  const fields = fieldsFromIssues(issues);
  const names = [...new Set(fields.map((f) => f.path))].join(', ');
  return problem({
    what: `invalid ${subject}: ${names}`,
    why: 'the request was not applied, so nothing changed',
    fix: 'correct each entry of error.fields and send the request again',
    fields,
  });
}
