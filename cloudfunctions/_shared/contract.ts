import type { z } from './validate';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Compile-time check that an action's schema accepts exactly the params type of the contract
 * in `typings/`: `const input = params<EnrollParams>()(z.object({...}))`.
 */
export function params<T>() {
  return <S extends z.ZodType>(schema: S & (Equals<z.input<S>, T> extends true ? unknown : ['schema input differs from the contract type', z.input<S>])): S =>
    schema;
}
