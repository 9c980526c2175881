import type { Command } from 'commander';

// Placeholder until the triage command lands; replaced by its owner.
export function register(_program: Command): void {}
