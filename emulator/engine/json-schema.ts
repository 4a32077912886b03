/**
 * The `$jsonSchema` query operator's validator: the subset of MongoDB's JSON Schema (draft 4 plus
 * `bsonType`) that documents use. An unknown keyword is refused rather than ignored, so a schema
 * never matches more than it says.
 */
import { invalidParam } from './errors';
import { isPlainObject } from './codec';

type Validator = (value: unknown) => boolean;

const ANNOTATIONS = new Set(['title', 'description', '$schema', 'default', 'examples']);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function isInt32(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/** BSON type aliases, with numbers as the SDK sends them (integers in int32 range are `int`). */
const BSON_TYPES: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' && !isInt32(v),
  string: (v) => typeof v === 'string',
  object: (v) => isPlainObject(v),
  array: (v) => Array.isArray(v),
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: isInt32,
  long: (v) => typeof v === 'bigint',
  number: (v) => typeof v === 'number' || typeof v === 'bigint',
  decimal: () => false,
  objectId: (v) => (v as { _bsontype?: string } | null)?._bsontype === 'ObjectId',
  binData: (v) => (v as { _bsontype?: string } | null)?._bsontype === 'Binary',
  timestamp: (v) => (v as { _bsontype?: string } | null)?._bsontype === 'Timestamp',
};

const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: BSON_TYPES.object,
  array: BSON_TYPES.array,
  number: BSON_TYPES.number,
  boolean: BSON_TYPES.bool,
  string: BSON_TYPES.string,
  null: BSON_TYPES.null,
};

function typeCheck(keyword: string, spec: unknown, table: Record<string, (v: unknown) => boolean>): Validator {
  const names = Array.isArray(spec) ? spec : [spec];
  const checks = names.map((n) => {
    const check = typeof n === 'string' ? table[n] : undefined;
    if (!check) throw invalidParam(`$jsonSchema: unknown ${keyword} ${JSON.stringify(n)}`);
    return check;
  });
  return (v) => checks.some((c) => c(v));
}

function needNumber(keyword: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidParam(`$jsonSchema: ${keyword} must be a number`);
  return v;
}

function needCount(keyword: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalidParam(`$jsonSchema: ${keyword} must be a non-negative integer`);
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

/** Compiles a schema into a predicate; an unsupported or malformed schema fails with INVALID_PARAM. */
export function compileSchema(schema: unknown): Validator {
  if (!isPlainObject(schema)) throw invalidParam('$jsonSchema must be an object');
  const checks: Validator[] = [];
  const s = schema;
  const isNum = (v: unknown): v is number => typeof v === 'number';
  for (const [keyword, spec] of Object.entries(s)) {
    switch (keyword) {
      case 'bsonType':
        checks.push(typeCheck(keyword, spec, BSON_TYPES));
        break;
      case 'type':
        checks.push(typeCheck(keyword, spec, JSON_TYPES));
        break;
      case 'enum': {
        if (!Array.isArray(spec) || spec.length === 0) throw invalidParam('$jsonSchema: enum must be a non-empty array');
        checks.push((v) => spec.some((e) => sameValue(e, v)));
        break;
      }
      case 'minimum': {
        const min = needNumber(keyword, spec);
        const exclusive = s.exclusiveMinimum === true;
        checks.push((v) => !isNum(v) || (exclusive ? v > min : v >= min));
        break;
      }
      case 'maximum': {
        const max = needNumber(keyword, spec);
        const exclusive = s.exclusiveMaximum === true;
        checks.push((v) => !isNum(v) || (exclusive ? v < max : v <= max));
        break;
      }
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof spec !== 'boolean') throw invalidParam(`$jsonSchema: ${keyword} must be a boolean`);
        {
          const base = keyword === 'exclusiveMinimum' ? 'minimum' : 'maximum';
          if (spec && !(base in s)) throw invalidParam(`$jsonSchema: ${keyword} needs ${base}`);
        }
        break;
      case 'multipleOf': {
        const m = needNumber(keyword, spec);
        if (m <= 0) throw invalidParam('$jsonSchema: multipleOf must be positive');
        checks.push((v) => !isNum(v) || Number.isInteger(v / m));
        break;
      }
      case 'minLength':
      case 'maxLength': {
        const n = needCount(keyword, spec);
        const len = (v: string) => Array.from(v).length;
        checks.push((v) => typeof v !== 'string' || (keyword === 'minLength' ? len(v) >= n : len(v) <= n));
        break;
      }
      case 'pattern': {
        if (typeof spec !== 'string') throw invalidParam('$jsonSchema: pattern must be a string');
        let re: RegExp;
        try {
          re = new RegExp(spec, 'u');
        } catch {
          throw invalidParam('$jsonSchema: pattern is not a valid regular expression');
        }
        checks.push((v) => typeof v !== 'string' || re.test(v));
        break;
      }
      case 'required': {
        if (!Array.isArray(spec) || !spec.every((k) => typeof k === 'string')) throw invalidParam('$jsonSchema: required must be a list of names');
        checks.push((v) => !isPlainObject(v) || spec.every((k: string) => Object.prototype.hasOwnProperty.call(v, k)));
        break;
      }
      case 'properties': {
        if (!isPlainObject(spec)) throw invalidParam('$jsonSchema: properties must be an object');
        const props = Object.entries(spec).map(([k, sub]) => [k, compileSchema(sub)] as const);
        checks.push((v) => !isPlainObject(v) || props.every(([k, check]) => !Object.prototype.hasOwnProperty.call(v, k) || check(v[k])));
        break;
      }
      case 'additionalProperties': {
        const known = new Set(isPlainObject(s.properties) ? Object.keys(s.properties) : []);
        let extra: Validator;
        if (typeof spec === 'boolean') extra = () => spec;
        else extra = compileSchema(spec);
        checks.push((v) => !isPlainObject(v) || Object.entries(v).every(([k, x]) => known.has(k) || extra(x)));
        break;
      }
      case 'minProperties':
      case 'maxProperties': {
        const n = needCount(keyword, spec);
        checks.push((v) => !isPlainObject(v) || (keyword === 'minProperties' ? Object.keys(v).length >= n : Object.keys(v).length <= n));
        break;
      }
      case 'items': {
        if (Array.isArray(spec)) {
          const tuple = spec.map(compileSchema);
          checks.push((v) => !Array.isArray(v) || tuple.every((check, i) => i >= v.length || check(v[i])));
        } else {
          const each = compileSchema(spec);
          checks.push((v) => !Array.isArray(v) || v.every(each));
        }
        break;
      }
      case 'minItems':
      case 'maxItems': {
        const n = needCount(keyword, spec);
        checks.push((v) => !Array.isArray(v) || (keyword === 'minItems' ? v.length >= n : v.length <= n));
        break;
      }
      case 'uniqueItems':
        if (typeof spec !== 'boolean') throw invalidParam('$jsonSchema: uniqueItems must be a boolean');
        if (spec) checks.push((v) => !Array.isArray(v) || v.every((x, i) => v.findIndex((y) => sameValue(x, y)) === i));
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf': {
        if (!Array.isArray(spec) || spec.length === 0) throw invalidParam(`$jsonSchema: ${keyword} must be a non-empty array`);
        const subs = spec.map(compileSchema);
        if (keyword === 'allOf') checks.push((v) => subs.every((c) => c(v)));
        else if (keyword === 'anyOf') checks.push((v) => subs.some((c) => c(v)));
        else checks.push((v) => subs.filter((c) => c(v)).length === 1);
        break;
      }
      case 'not': {
        const sub = compileSchema(spec);
        checks.push((v) => !sub(v));
        break;
      }
      default:
        if (!ANNOTATIONS.has(keyword)) throw invalidParam(`$jsonSchema: unsupported keyword ${JSON.stringify(keyword)}`);
    }
  }
  return (v) => checks.every((c) => c(v));
}
