/**
 * busybox 1.35 awk: the interpreter lives in ./awk/ (lexer, parser, interp, builtins,
 * format, regex, value, main); grep.ts registers it as the `awk` applet.
 */
export {awkMain} from './awk/main.js';
