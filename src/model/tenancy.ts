/**
 * The tenancy models a cluster can run (DESIGN.md). Apart from the zod schema that uses them, so the commands that
 * only name them (options, help) start without loading zod.
 */
export const TENANCY_MODELS = ['cluster', 'namespace', 'control-plane'] as const;
export type TenancyModelId = (typeof TENANCY_MODELS)[number];
