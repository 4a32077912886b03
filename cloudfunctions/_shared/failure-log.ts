/**
 * The log line of an unexpected failure: what an engineer needs (the error's class, its code, the
 * stack frames) and nothing a caller sent. A database error's message quotes the query (a keyword,
 * a name, a phone), so no message text is ever written, only the frames below it.
 */
const MAX_FRAMES = 12;

export interface FailureRecord {
  fn: string;
  action?: string;
  error: {
    class: string;
    code?: string | number;
    frames: string[];
  };
}

function errorCode(error: unknown): string | number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; errCode?: unknown };
  const code = e.errCode ?? e.code;
  if (typeof code === 'number') return code;
  // Codes are identifiers (DATABASE_COLLECTION_NOT_EXIST, -502005, ECONNRESET); anything else is text.
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
  return undefined;
}

function errorClass(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name || error.name || 'Error';
  if (error === null) return 'null';
  return typeof error === 'object' ? (error.constructor?.name ?? 'Object') : typeof error;
}

/** Stack frames only: the first line of `stack` repeats the message, so it is dropped. */
function frames(error: unknown): string[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, MAX_FRAMES);
}

export function describeFailure(fn: string, action: string | undefined, error: unknown): FailureRecord {
  const code = errorCode(error);
  return { fn, ...(action ? { action } : {}), error: { class: errorClass(error), ...(code !== undefined ? { code } : {}), frames: frames(error) } };
}

export function failureLogLine(fn: string, action: string | undefined, error: unknown): string {
  return JSON.stringify(describeFailure(fn, action, error));
}
