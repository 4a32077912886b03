/** A collection that is never created, so reading it fails as on CloudBase. */
export const COLLECTIONS_FOR_TESTS = { missing: 'kernelNeverCreated' } as const;
