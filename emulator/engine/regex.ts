/**
 * Regular expressions as CloudBase (MongoDB, PCRE) reads them, made into JavaScript RegExps for
 * mingo. PCRE syntax JavaScript lacks is translated: leading inline flags `(?imsx)`, the `x`
 * option (whitespace and `#` comments ignored), `\Q…\E` literals, the anchors `\A`, `\z`, `\Z`, and
 * Python-style named groups `(?P<name>…)`, `(?P=name)`; possessive quantifiers (`a++`) and atomic
 * groups (`(?>…)`) become their backtracking forms, which match the same strings in all but
 * pathological cases. A pattern that cannot compile fails with
 * DATABASE_REQUEST_FAILED and MongoDB's wording, never quoting the pattern (it may be a person's
 * search text, and errors reach logs).
 */
import { EngineError } from './errors';

export function regexError(reason: string): EngineError {
  return new EngineError('DATABASE_REQUEST_FAILED', `Regular expression is invalid: ${reason}`);
}

export function regexNullByteError(): EngineError {
  return new EngineError('DATABASE_REQUEST_FAILED', 'Regular expression cannot contain an embedded null byte');
}

const JS_FLAGS = new Set(['i', 'm', 's', 'u']);
const SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function translate(pattern: string, extended: boolean): string {
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const quantified: boolean = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw regexError('\\ at end of pattern');
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(SPECIAL, '\\$&');
        i = end === -1 ? pattern.length : end + 1;
        continue;
      }
      if (n === 'E') {
        i++;
        continue;
      }
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a leading `]` (or `^]`) is a literal in PCRE
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '+' && quantified) continue;
    if ('*+?'.includes(c) || (c === '}' && /\{\d+(,\d*)?$/.test(out))) {
      out += c;
      afterQuantifier = c !== '?' || !quantified;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?>', i)) {
      out += '(?:';
      i += 2;
      continue;
    }
    if (extended && /\s/.test(c)) continue;
    if (extended && c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?P=', i)) {
      const close = pattern.indexOf(')', i);
      if (close === -1) throw regexError('missing )');
      out += `\\k<${pattern.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

/** The RegExp of a CloudBase regular expression (db.RegExp, a native RegExp, or `$regex`). */
export function toJsRegExp(pattern: unknown, options: unknown): RegExp {
  if (typeof pattern !== 'string') throw regexError('$regex has to be a string');
  if (pattern.includes('\u0000')) throw regexNullByteError();
  const opts = new Set(typeof options === 'string' ? options : '');
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1]) opts.add(f);
    source = source.slice(inline[0].length);
  }
  const flags = [...opts].filter((f) => JS_FLAGS.has(f)).join('');
  const js = translate(source, opts.has('x'));
  try {
    return new RegExp(js, flags);
  } catch (e) {
    // V8: "Invalid regular expression: /<pattern>/<flags>: <reason>"; keep the reason only.
    const m = /: ([^:/]+)$/.exec((e as Error).message ?? '');
    throw regexError(m ? m[1].toLowerCase() : 'cannot compile');
  }
}
