import { QueryError, TranslationRefusal } from '../../types/query-error.js';
import type { TextSpan } from '../../types/logql-ast.js';
import { andFilters } from '../logsql-syntax.js';
import { closestNames } from '../../../../utils/closest-names.js';

/** Fields VictoriaLogs adds to every row: never what a mistyped label meant. */
const INTERNAL_FIELDS = new Set(['_time', '_msg', '_stream', '_stream_id']);

/**
 * State shared while one query is translated: the query text (for positions), the
 * fields VictoriaLogs knows (to resolve Loki-style label names), the labels the pipeline
 * has produced so far, and the notes `--explain` shows.
 */
export class TranslationContext {
  readonly query: string;
  readonly knownFields: ReadonlySet<string>;
  readonly notes: string[] = [];
  /** Labels set by parsers and label_format so far: read literally, never resolved. */
  readonly produced = new Set<string>();
  /** A json/logfmt parser without parameters ran: any label may now come from the line. */
  genericParser: 'json' | 'logfmt' | null = null;

  constructor(query: string, knownFields: readonly string[]) {
    this.query = query;
    this.knownFields = new Set(knownFields);
  }

  refuse(construct: string, span: TextSpan, reason: string, suggestion: string): never {
    throw new TranslationRefusal({ query: this.query, construct, span, reason, suggestion });
  }

  /** A construct LogQL itself rejects; `example` shows the right form. */
  fail(span: TextSpan, what: string, example: string): never {
    throw new QueryError({ language: 'LogQL', query: this.query, span, what, fix: `write it like: ${example}` });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /**
   * The LogsQL field a LogQL label name reads. Loki turns `service.name` into
   * `service_name`; VictoriaLogs keeps the dots. A name that is not a stored field but
   * matches exactly one stored field once its dots (and other characters) become `_` is
   * read as that field, and the choice is noted. Dotted names are accepted as written.
   */
  resolve(label: string, span: TextSpan): string {
    if (label === '__error__') {
      this.refuse(
        'the __error__ label',
        span,
        'VictoriaLogs records no parse-error label: a line that is not valid JSON or logfmt simply gains no fields',
        'drop `| __error__=""`: a label filter after the parser (| json | status >= 500) already skips lines without that field; to keep only JSON lines, filter the line first: {app="web"} |~ `^\\s*\\{` | json',
      );
    }
    if (/^__.*__$/.test(label)) {
      this.refuse(
        `the ${label} label`,
        span,
        label === '__error__' || label === '__error_details__'
          ? 'VictoriaLogs records no parse-error label: a line that is not valid JSON or logfmt simply gains no fields'
          : "it is one of Loki's internal labels, which VictoriaLogs does not have",
        label.startsWith('__error')
          ? 'filter on a field every parsed line has, e.g. harness logs --logsql \'… | unpack_json | filter level:*\''
          : 'remove it from the query',
      );
    }
    if (label.endsWith('_extracted') && !this.knownFields.has(label)) {
      this.refuse(
        `the ${label} label`,
        span,
        'Loki names a parsed value that collides with a stored field <name>_extracted; the translation keeps the stored field (keep_original_fields) and drops the parsed one',
        "give the parsed fields a prefix in LogsQL: harness logs --logsql '… | unpack_json result_prefix \"parsed.\" | filter parsed.level:=error'",
      );
    }
    if (this.produced.has(label) || this.knownFields.has(label)) return label;
    const candidates = [...this.knownFields].filter((f) => f !== label && sanitize(f) === label);
    if (candidates.length === 1) {
      const field = candidates[0]!;
      this.note(`label ${label} is read as the field ${field} (Loki writes dots as underscores; VictoriaLogs keeps them)`);
      return field;
    }
    if (candidates.length > 1) {
      this.refuse(
        `the label ${label}`,
        span,
        `it could mean any of the fields ${candidates.join(', ')}`,
        `write the field name as VictoriaLogs stores it, e.g. ${candidates[0]} (dots are accepted in label names here)`,
      );
    }
    if (this.genericParser && label.includes('_')) {
      this.note(
        `${label} is read as the ${this.genericParser} key "${label}"; a nested or dotted key is named with dots in LogsQL (write ${label.replace(/_/g, '.')} for {"${label.split('_')[0]}":{…}})`,
      );
    } else if (!this.genericParser && this.knownFields.size > 0) this.note(this.unknownFieldNote(label));
    return label;
  }

  /** A label no stored line has reads as empty: say so, with the names it may have meant. */
  private unknownFieldNote(label: string): string {
    const stored = [...this.knownFields].filter((f) => !INTERNAL_FIELDS.has(f));
    const near = closestNames(label, stored);
    const list = near.length > 0 ? `did you mean ${near.join(', ')}?` : `stored fields: ${stored.slice(0, 12).join(', ')}${stored.length > 12 ? `, … (${stored.length})` : ''}`;
    return `label ${label} is not a field of any line in the window, so it reads as empty (a matcher on it keeps no line unless it accepts ""); ${list}`;
  }
}

/** Loki's label sanitizing: anything outside [A-Za-z0-9_] becomes `_`. */
export function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Accumulates a LogsQL query: filters before the first pipe go in the head (AND-ed);
 * filters after a pipe are grouped into one `filter` pipe, keeping the stage order.
 */
export class LogsqlBuilder {
  private readonly head: string[] = [];
  private readonly pipes: string[] = [];
  private pending: string[] = [];
  private piped = false;

  filter(filter: string): void {
    if (this.piped) this.pending.push(filter);
    else this.head.push(filter);
  }

  /** Puts a filter first in the head (the `_time` window of metric queries). */
  prependFilter(filter: string): void {
    this.head.unshift(filter);
  }

  pipe(pipe: string): void {
    this.flush();
    this.pipes.push(pipe);
    this.piped = true;
  }

  build(): string {
    this.flush();
    return [andFilters(this.head), ...this.pipes].join(' | ');
  }

  private flush(): void {
    if (this.pending.length > 0) this.pipes.push(`filter ${this.pending.join(' ')}`);
    this.pending = [];
  }
}
