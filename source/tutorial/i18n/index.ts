import type {Lang} from '../types.js';
import {en} from './en.js';
import type {Strings} from './strings.js';
import {zh} from './zh.js';

export type {Strings, StepTextParams, SummaryFacts, KernelOption} from './strings.js';

/** The texts for a language. */
export function strings(lang: Lang): Strings {
	return lang === 'zh' ? zh : en;
}

/**
 * The tutorial language: `--lang` if given, else the locale (LC_ALL, then LC_MESSAGES, then
 * LANG, as POSIX orders them): Chinese for `zh_*`, English otherwise. The entry point reads
 * the environment and passes it in; nothing below it touches process.env.
 */
export function resolveLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
	if (flag === 'zh' || flag === 'en') return flag;
	const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
	return /^zh([_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}
