import type { ApiMap } from '../../typings/api';
import type { Envelope } from '../../typings/envelope';
import type { Role } from '../../typings/roles';
import { canManage, loadCaller, type Caller, type UnitChain } from './authz';
import { cloud, database, type Database } from './cloud';
import { now } from './clock';
import { AppError, INTERNAL_MESSAGE, invalidArgument, permissionDenied, unauthenticated } from './errors';
import { failureLogLine } from './failure-log';
import type { z } from './validate';

/** What an action knows about its invocation. Identity comes only from getWXContext(). */
export interface ActionContext {
  /** The caller's OPENID; undefined for anonymous callers and timer triggers. */
  openid: string | undefined;
  db: Database;
  /** The server's time at the start of the invocation. */
  now: Date;
}

/** The context of an action that needs a signed-in caller. */
export interface UserContext extends ActionContext {
  openid: string;
}

/** What a staff action's scope resolves: the unit chain the record sits on, and what it loaded. */
export interface ScopeTarget {
  chain: UnitChain;
  /** Only these roles count (e.g. a review the point's own staff may not perform); default: all. */
  roles?: readonly Role[];
  /** The refusal for this target, when it depends on what was loaded (default: the action's `denied`). */
  denied?: string;
}

/** The context of a staff action: the caller's grants and the target its scope resolved. */
export interface StaffContext<T extends ScopeTarget = ScopeTarget> extends UserContext {
  caller: Caller;
  target: T;
}

/**
 * Who may call an action, as its definition says (the README's permission table is made from it).
 * `custom`: the handler checks a rule of its own, which `who` describes; `signedIn` when the
 * kernel refuses anonymous callers first.
 */
export type Access = { kind: 'anyone' } | { kind: 'user' } | { kind: 'staff'; who: string } | { kind: 'custom'; who: string; signedIn: boolean };

/**
 * One action: its event schema, who may call it, and the handler. `P` is the schema's input type;
 * the phantom `params` is invariant in it, so `createFunction<Api>` accepts only a schema whose
 * input equals the map's params.
 */
export interface ActionSpec<P, R> {
  readonly input: z.ZodType;
  readonly access: Access;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly run: (input: any, ctx: ActionContext) => Promise<R>;
  readonly params?: (p: P) => P;
}

function spec<S extends z.ZodType, R>(input: S, access: Access, run: (input: z.output<S>, ctx: ActionContext) => Promise<R>): ActionSpec<z.input<S>, R> {
  return { input, access, run };
}

function requireUser(ctx: ActionContext): UserContext {
  if (!ctx.openid) throw unauthenticated();
  return ctx as UserContext;
}

/** Anyone, anonymous callers included. */
export function publicAction<S extends z.ZodType, R>(input: S, run: (input: z.output<S>, ctx: ActionContext) => Promise<R>): ActionSpec<z.input<S>, R> {
  return spec(input, { kind: 'anyone' }, run);
}

/** A signed-in caller (UNAUTHENTICATED before the handler runs otherwise); `ctx.openid` is a string. */
export function userAction<S extends z.ZodType, R>(input: S, run: (input: z.output<S>, ctx: UserContext) => Promise<R>): ActionSpec<z.input<S>, R> {
  return spec(input, { kind: 'user' }, (p, ctx) => run(p, requireUser(ctx)));
}

export interface StaffActionDef<S extends z.ZodType, T extends ScopeTarget, R> {
  input: S;
  /** For the permission table, e.g. `branch_admin of the plan's branch, head_admin`. */
  who: string;
  /** Resolves the unit the request acts on (loading what the handler needs, so it is read once). */
  scope: (input: z.output<S>, ctx: UserContext & { caller: Caller }) => Promise<T>;
  /** The Chinese refusal, e.g. `只有本分校或总校的管理员可以审核`. */
  denied?: string;
  /**
   * Resolve the scope before refusing a caller who holds no grant at all, so that a missing record
   * answers NOT_FOUND to everyone (default: such a caller is refused before anything is read).
   */
  scopeFirst?: boolean;
  run: (input: z.output<S>, ctx: StaffContext<T>) => Promise<R>;
}

/** The scope of a head-school-only action: no branch, point or team is on its chain, so only head_admin covers it. */
export async function headOnly(): Promise<ScopeTarget> {
  return { chain: {} };
}

/**
 * Staff of the unit the request acts on: the caller's grants are loaded (one read), the scope is
 * resolved, and the handler runs only when a grant (of the allowed roles) covers the target's chain.
 */
export function staffAction<S extends z.ZodType, T extends ScopeTarget, R>(def: StaffActionDef<S, T, R>): ActionSpec<z.input<S>, R> {
  return spec(def.input, { kind: 'staff', who: def.who }, async (p, ctx) => {
    const user = requireUser(ctx);
    const caller = await loadCaller(user.db, user.openid);
    if (!def.scopeFirst && !caller.grants.length) throw permissionDenied(def.denied);
    const withCaller = { ...user, caller };
    const target = await def.scope(p, withCaller);
    const allowed = target.roles ? { ...caller, grants: caller.grants.filter((g) => target.roles!.includes(g.role)) } : caller;
    if (!canManage(allowed, target.chain)) throw permissionDenied(target.denied ?? def.denied);
    return def.run(p, { ...withCaller, target });
  });
}

/**
 * An action whose rule is not "anyone", "a signed-in caller" or "staff of one unit" (e.g. anyone,
 * with more for the record's staff): the handler checks it, and `who` describes it for the table.
 */
export function customAction<S extends z.ZodType, R>(who: string, input: S, run: (input: z.output<S>, ctx: ActionContext) => Promise<R>): ActionSpec<z.input<S>, R> {
  return spec(input, { kind: 'custom', who, signedIn: false }, run);
}

/** Like customAction, for a signed-in caller (UNAUTHENTICATED before the handler runs otherwise). */
export function customUserAction<S extends z.ZodType, R>(who: string, input: S, run: (input: z.output<S>, ctx: UserContext) => Promise<R>): ActionSpec<z.input<S>, R> {
  return spec(input, { kind: 'custom', who, signedIn: true }, (p, ctx) => run(p, requireUser(ctx)));
}

type TimerTask = (ctx: ActionContext) => Promise<unknown>;

/** Every action of the map, implemented with the map's params and result; nothing else. */
export type Implementation<Api extends ApiMap<Api>> = { [K in keyof Api]: ActionSpec<Api[K]['params'], Api[K]['result']> };

/** The default when no map is given: no action fits it, so `createFunction('x', {...})` without `<XApi>` does not compile. */
type NoApiMap = { [action: string]: never };

/** What a function's `main` carries besides being callable: its name and actions (for docs and tests). */
export interface FunctionMeta {
  functionName: string;
  access: Record<string, Access>;
}

export type FunctionMain = ((event: unknown) => Promise<Envelope<unknown>>) & FunctionMeta;

/**
 * A cloud function's `main`: parses the event with the action's zod schema before anything else,
 * dispatches on `event.action` (or on a timer trigger's name), and always answers with the envelope.
 */
export function createFunction<Api extends ApiMap<Api> = NoApiMap>(
  name: string,
  actions: NoInfer<Implementation<Api>>,
  timers: Record<string, TimerTask> = {},
): FunctionMain {
  const table = actions as unknown as Record<string, ActionSpec<unknown, unknown>>;
  async function main(event: unknown): Promise<Envelope<unknown>> {
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
      if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(table, actionName)) {
        throw invalidArgument('不支持的操作，请更新小程序后重试');
      }
      // `userInfo` is added by wx.cloud.callFunction; identity never comes from the event.
      const { action: _action, userInfo: _userInfo, ...params } = raw;
      const action = table[actionName];
      const parsed = action.input.safeParse(params);
      if (!parsed.success) throw invalidArgument(parsed.error.issues[0]?.message ?? '请求参数不正确');
      return { ok: true, data: await action.run(parsed.data, ctx()) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
      console.error(failureLogLine(name, typeof raw.action === 'string' && Object.prototype.hasOwnProperty.call(table, raw.action) ? raw.action : undefined, error));
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  }
  const access: Record<string, Access> = {};
  for (const [actionName, action] of Object.entries(table)) access[actionName] = action.access;
  return Object.assign(main, { functionName: name, access });
}
