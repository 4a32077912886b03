/**
 * The typed API: one map per cloud function, `{ [action]: { params; result } }`, declared once in
 * `typings/<domain>.ts` and used by all three sides:
 * - the function (`createFunction<OrgApi>('org', {...})` must implement every action of the map,
 *   nothing else, each with a schema whose input is the map's params and a result assignable to it);
 * - the mini-program's transport (`call('org', 'getPoint', { pointId })` infers params and result);
 * - the tests' client (`cloud.api('org', 'getPoint', { pointId }, openid)`).
 * A renamed action or a changed field therefore fails the type check on every side at once.
 */
import type { CasesApi } from './cases';
import type { CourseApi } from './course';
import type { OrgApi } from './org';
import type { QuizApi } from './quiz';
import type { ResourceApi } from './resource';
import type { SchoolApi } from './school';
import type { SheetApi } from './sheet';
import type { StatsApi } from './stats';
import type { TeacherApi } from './teacher';
import type { UserApi } from './user';
import type { VolunteerApi } from './volunteer';

/** One action of a map. */
export interface ActionTypes<P = unknown, R = unknown> {
  params: P;
  result: R;
}

/** An action without parameters. */
export type NoParams = Record<never, never>;

/** The shape every domain map has (an interface, so its keys are checked against itself). */
export type ApiMap<A> = { [K in keyof A]: ActionTypes };

/** Every cloud function of the product and its map. */
export interface Functions {
  org: OrgApi;
  course: CourseApi;
  quiz: QuizApi;
  user: UserApi;
  volunteer: VolunteerApi;
  resource: ResourceApi;
  cases: CasesApi;
  teacher: TeacherApi;
  stats: StatsApi;
  school: SchoolApi;
  sheet: SheetApi;
}

export type FunctionName = keyof Functions;
export type ActionName<F extends FunctionName> = keyof Functions[F] & string;
export type ParamsOf<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends ActionTypes<infer P, unknown> ? P : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends ActionTypes<unknown, infer R> ? R : never;

/** The params argument of a call: optional when the action takes nothing required. */
export type ParamsArg<P> = NoParams extends P ? [params?: P] : [params: P];
