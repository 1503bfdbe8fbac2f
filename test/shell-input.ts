import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';

/** Types `src` at a fresh console shell line by line: each prompt (PS1 `/ # `, PS2 `> `) and what the line printed. */
export function atConsole(src: string): string {
	const sh = new Shell(new FakeKernel(8).syscalls(), {columns: 80});
	let shown = '';
	for (const line of src.split('\n')) shown += sh.prompt() + sh.run(line).output;
	return shown + sh.prompt();
}

/** `sh PATH; echo "[rc=$?]"` on a fresh shell, with `src` as the file's exact content. */
export function asScript(src: string, path = '/tmp/hd.sh'): string {
	const sys = new FakeKernel(8).syscalls();
	const sh = new Shell(sys, {columns: 80});
	const f = sys.vfs.open(path, {write: true, create: true, truncate: true});
	if (typeof f === 'string') throw new Error(f);
	f.write(src);
	f.close();
	return sh.run(`sh ${path}; echo "[rc=$?]"`).output;
}
