import type { TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { quote } from './cell-text.ts';
import type { RowIssue } from './column-spec.ts';

/**
 * Validates a row, converted to its contract type, against the contract schema (the same one
 * the HTTP API uses) and turns schema errors into messages about the user's columns.
 *
 * Properties are validated one by one rather than the object as a whole: TypeBox stops after
 * a few errors per value, and a row should report every bad cell, not just the first ones.
 */

export interface SchemaColumns<K extends string> {
  /** The column a property path (["software", "1", "cpe"]) comes from. */
  columnOf(path: readonly string[]): K | null;
  /** Plain-language messages for pattern/format/range failures, by "property" or "property.sub". */
  invalid: Readonly<Record<string, string>>;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'is not a valid email address',
  ipv4: 'is not a valid IP address',
  ipv6: 'is not a valid IP address',
  uri: 'is not a valid web address (http:// or https://)',
  'date-time': 'is not a valid date',
  uuid: 'is not a valid reference',
};

function describe(e: SchemaError, invalid: string | undefined): string {
  const limit = e.params.limit;
  switch (e.keyword) {
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `is too long (at most ${limit} characters)`;
    case 'pattern':
      return invalid ?? 'contains characters that are not allowed';
    case 'format':
      return invalid ?? FORMAT_MESSAGES[String(e.params.format)] ?? 'has an invalid format';
    case 'minimum':
    case 'exclusiveMinimum':
      return invalid ?? `must be at least ${limit}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return invalid ?? `must be at most ${limit}`;
    case 'maxItems':
      return `has too many entries (at most ${limit})`;
    case 'uniqueItems':
      return 'lists the same entry twice';
    case 'maxProperties':
      return 'has too many entries';
    case 'type':
      return e.params.type === 'integer' ? 'must be a whole number' : 'has the wrong kind of value';
    default:
      return e.message;
  }
}

/** In a union (nullable, ipv4|ipv6) the branch errors say more than "must match anyOf". */
function mostUseful(errors: SchemaError[]): SchemaError | undefined {
  return errors.find((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null')) ?? errors[0];
}

function itemAt(value: unknown, segments: readonly string[]): unknown {
  let v = value;
  for (const s of segments) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function messageFor(e: SchemaError, prop: string, value: unknown, columns: SchemaColumns<string>): string {
  const segments = e.instancePath.split('/').filter(Boolean);
  const index = segments[0] !== undefined && /^\d+$/.test(segments[0]) ? Number(segments[0]) : null;
  const sub = index !== null ? segments[1] : segments[0];
  const invalid = columns.invalid[sub ? `${prop}.${sub}` : prop] ?? columns.invalid[prop];
  const text = describe(e, invalid);
  if (index === null) return sub ? `${sub} ${text}` : text;
  if (sub) return `entry ${index + 1}: ${sub} ${text}`;
  const item = itemAt(value, segments);
  return typeof item === 'string' ? `${quote(item)} ${text}` : `entry ${index + 1} ${text}`;
}

export function schemaIssues<K extends string>(schema: TObject, value: Record<string, unknown>, columns: SchemaColumns<K>): RowIssue<K>[] {
  const issues: RowIssue<K>[] = [];
  const required = new Set<string>((schema as { required?: string[] }).required ?? []);
  const properties = schema.properties as Record<string, TSchema>;
  for (const key of Object.keys(value)) {
    // The converters build these objects; an unknown key is a programming error, not user input.
    if (!(key in properties)) throw new Error(`Import produced a property the contract does not have: ${key}`);
  }
  for (const [prop, propSchema] of Object.entries(properties)) {
    const v = value[prop];
    if (v === undefined) {
      if (required.has(prop)) issues.push({ column: columns.columnOf([prop]), message: 'a value is required' });
      continue;
    }
    const errors = Value.Errors(propSchema, v) as unknown as SchemaError[];
    // One message per bad list item ("a..b" and "c..d" are both wrong), one issue per column.
    const byItem = new Map<string, SchemaError[]>();
    for (const e of errors) {
      const item = e.instancePath.split('/').filter(Boolean)[0] ?? '';
      byItem.set(item, [...(byItem.get(item) ?? []), e]);
    }
    const byColumn = new Map<K | null, string[]>();
    for (const group of byItem.values()) {
      const e = mostUseful(group);
      if (!e) continue;
      const column = columns.columnOf([prop, ...e.instancePath.split('/').filter(Boolean)]);
      byColumn.set(column, [...(byColumn.get(column) ?? []), messageFor(e, prop, v, columns as SchemaColumns<string>)]);
    }
    for (const [column, messages] of byColumn) issues.push({ column, message: messages.join('; ') });
  }
  return issues;
}
