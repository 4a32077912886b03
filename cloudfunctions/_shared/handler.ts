import type { Envelope } from '../../typings/envelope';
import { cloud, database, type Database } from './cloud';
import { now } from './clock';
import { AppError, INTERNAL_MESSAGE, invalidArgument, unauthenticated } from './errors';
import type { z } from './validate';

/** What an action knows about its invocation. Identity comes only from getWXContext(). */
export interface ActionContext {
  /** The caller's OPENID; undefined for anonymous callers and timer triggers. */
  openid: string | undefined;
  db: Database;
  /** The server's time at the start of the invocation. */
  now: Date;
}

export interface ActionSpec<S extends z.ZodType, R> {
  input: S;
  run: (input: z.output<S>, ctx: ActionContext) => Promise<R>;
}

export function action<S extends z.ZodType, R>(input: S, run: (input: z.output<S>, ctx: ActionContext) => Promise<R>): ActionSpec<S, R> {
  return { input, run };
}

/** The caller's OPENID, or UNAUTHENTICATED. */
export function requireOpenid(ctx: ActionContext): string {
  if (!ctx.openid) throw unauthenticated();
  return ctx.openid;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = ActionSpec<any, unknown>;
type TimerTask = (ctx: ActionContext) => Promise<unknown>;

/**
 * A cloud function's `main`: parses the event with the action's zod schema before anything else,
 * dispatches on `event.action` (or on a timer trigger's name), and always answers with the envelope.
 */
export function createFunction(name: string, actions: Record<string, AnyAction>, timers: Record<string, TimerTask> = {}) {
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const raw = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
    try {
      const ctx = (): ActionContext => ({ openid: cloud.getWXContext().OPENID || undefined, db: database(), now: now() });
      // A timer trigger's event carries no caller; a mini-program call (OPENID, `userInfo`) that
      // imitates one is not run as a timer and falls through to INVALID_ARGUMENT below.
      const fromTrigger = raw.Type === 'Timer' && raw.userInfo === undefined && !cloud.getWXContext().OPENID;
      if (fromTrigger && typeof raw.TriggerName === 'string' && Object.prototype.hasOwnProperty.call(timers, raw.TriggerName)) {
        return { ok: true, data: await timers[raw.TriggerName]({ ...ctx(), openid: undefined }) };
      }
      const actionName = raw.action;
      if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(actions, actionName)) {
        throw invalidArgument('不支持的操作，请更新小程序后重试');
      }
      // `userInfo` is added by wx.cloud.callFunction; identity never comes from the event.
      const { action: _action, userInfo: _userInfo, ...params } = raw;
      const spec = actions[actionName];
      const parsed = spec.input.safeParse(params);
      if (!parsed.success) throw invalidArgument(parsed.error.issues[0]?.message ?? '请求参数不正确');
      return { ok: true, data: await spec.run(parsed.data, ctx()) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
      // Unexpected: log what helps an engineer, never the event (it may hold personal data).
      console.error(JSON.stringify({ fn: name, action: typeof raw.action === 'string' ? raw.action : undefined, error: describe(error) }));
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  const sdk = error as { errCode?: unknown; errMsg?: unknown };
  if (sdk && (sdk.errCode !== undefined || sdk.errMsg !== undefined)) return `${String(sdk.errCode)} ${String(sdk.errMsg)}`.slice(0, 300);
  return String(error).slice(0, 300);
}
