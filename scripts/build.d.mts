// Types of what scripts/build.mjs exports (the tests import its esbuild plugins).
import type {BuildOptions, Plugin} from 'esbuild';

export const noDevtools: Plugin;
export const inkIncrementalFix: Plugin;
export const inkOutputCache: Plugin;
export const inkTextWidthCache: Plugin;
export const yogaNoFetch: Plugin;
export const inkFrameLimiter: Plugin;
export const ansiTokenizeSameStyles: Plugin;
export const stringWidthNarrowLines: Plugin;
/** Shared by memhp and the bench's bare Ink app, so the bench compares like with like. */
export const common: BuildOptions;
/** Escapes what esbuild leaves non-ASCII in `file`, in place. */
export function asciiOnly(file: string): void;
