/** Types for bench/transcript-gen.mjs (used by test/bench-transcript-gen.test.ts). */
export declare const GEN_MACHINE: string;
/** A transcript of `steps` command steps after the machine line, without outputs. */
export declare function generateTranscript(steps: number): string;
