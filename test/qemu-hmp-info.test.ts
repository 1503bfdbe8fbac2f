/**
 * The monitor commands around the machine itself: -smp's topology (machine_parse_smp_config),
 * `info cpus` / `cpu N` / `info hotpluggable-cpus`, `info kvm`, `info balloon` / `balloon`,
 * `info dump`, `info iothreads`, the readline history behind `info history`, HMP's integer
 * argument expressions, and their QMP counterparts.
 */
import {describe, expect, it} from 'vitest';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';
import {HmpMonitor} from '../source/machine/qemu/hmp.js';
import {getExpr} from '../source/machine/qemu/hmp-expr.js';
import {createSession} from '../source/machine/session.js';
import {Replayer} from '../source/transcript/replay.js';
import {parseTranscript} from '../source/transcript/parse.js';
import {startQemu} from './session-helpers.js';

const machine = startQemu;

const hmp = (m: QemuMachine, line: string): string => m.hmp(line).output;
const start = (smp: string) => parseQemuCommandLine(['-m', '1G', '-smp', smp]);

describe('-smp as QEMU 7.2 parses it', () => {
	const topology = (smp: string) => {
		const r = start(smp);
		if (!r.ok) throw new Error(r.stderr);
		return r.config.topology;
	};

	it('prefers cores over sockets (pc-i440fx-7.2) and fills in maxcpus', () => {
		expect(topology('4')).toEqual({cpus: 4, sockets: 1, dies: 1, clusters: 1, cores: 4, threads: 1, maxCpus: 4});
		expect(topology('2,maxcpus=8')).toMatchObject({cpus: 2, sockets: 1, cores: 8, threads: 1, maxCpus: 8});
		expect(topology('sockets=2,cores=3,threads=2')).toMatchObject({cpus: 12, sockets: 2, cores: 3, threads: 2, maxCpus: 12});
		expect(topology('8,sockets=2')).toMatchObject({sockets: 2, cores: 4, threads: 1});
		expect(topology('8,cores=2')).toMatchObject({sockets: 4, cores: 2, threads: 1});
		expect(topology('cpus=0x4')).toMatchObject({cpus: 4});
	});

	it('reports an impossible topology with the hierarchy, at start-up, without the option', () => {
		expect(start('5,sockets=2')).toEqual({ok: false, exitCode: 1,
			stderr: 'qemu-system-x86_64: Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (2) * dies (1) * cores (2) * threads (1) != maxcpus (5)\n'});
		expect(start('4,maxcpus=2')).toEqual({ok: false, exitCode: 1,
			stderr: 'qemu-system-x86_64: Invalid CPU topology: maxcpus must be equal to or greater than smp: sockets (1) * dies (1) * cores (2) * threads (1) == maxcpus (2) < smp_cpus (4)\n'});
		expect(start('256')).toEqual({ok: false, exitCode: 1, stderr: "qemu-system-x86_64: Invalid SMP CPUs 256. The max CPUs supported by machine 'pc-i440fx-7.2' is 255\n"});
		expect(start('4,clusters=2')).toEqual({ok: false, exitCode: 1, stderr: "qemu-system-x86_64: clusters not supported by this machine's CPU topology\n"});
	});

	it('reports keyval and visitor errors as QEMU does', () => {
		expect(start('2,cores')).toEqual({ok: false, exitCode: 1, stderr: "qemu-system-x86_64: -smp 2,cores: Expected '=' after parameter 'cores'\n"});
		expect(start('two')).toEqual({ok: false, exitCode: 1, stderr: "qemu-system-x86_64: Parameter 'smp.cpus' expects integer\n"});
		expect(start('2,bogus=1')).toEqual({ok: false, exitCode: 1, stderr: "qemu-system-x86_64: Parameter 'smp.bogus' is unexpected\n"});
	});

	it('warns about a zero and starts with one CPU; `-smp help` lists smp-opts', () => {
		const r = start('0');
		expect(r.ok && r.config.smp).toBe(1);
		expect(r.ok && r.config.warnings).toEqual(['qemu-system-x86_64: warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero\n']);
		expect(start('help')).toEqual({ok: false, exitCode: 0,
			stderr: 'smp-opts options:\n  clusters=<num>\n  cores=<num>\n  cpus=<num>\n  dies=<num>\n  maxcpus=<num>\n  sockets=<num>\n  threads=<num>\n'});
	});

	it('prints the warning on the terminal; a replay\'s start step shows none (a recording begins at the first prompt)', () => {
		const warning = 'qemu-system-x86_64: warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero\n';
		const created = createSession(['-m', '1G', '-smp', 'cpus=0', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']);
		expect(created.ok && created.session.transcript('serial').startsWith(warning)).toBe(true);
		const r = new Replayer();
		const t = parseTranscript("  $ qemu-system-x86_64 -m 1G -smp cpus=0 -kernel bzImage -append 'console=ttyS0 quiet' -nographic\n");
		expect(r.runStep(t.steps[0]!).actual).toEqual([]);
	});
});

describe('info cpus, cpu, info hotpluggable-cpus', () => {
	it('marks the monitor\'s current CPU, which `cpu N` changes', () => {
		const m = machine('-m 1G -smp 3 -S');
		expect(hmp(m, 'info cpus')).toMatch(/^\* CPU #0: thread_id=\d+\n {2}CPU #1: thread_id=\d+\n {2}CPU #2: thread_id=\d+\n$/);
		expect(hmp(m, 'cpu 2')).toBe('');
		expect(hmp(m, 'info cpus').split('\n').map((l) => l[0])).toEqual([' ', ' ', '*', undefined]);
		expect(hmp(m, 'cpu 3')).toBe('invalid CPU index\n');
		// -1 has its upper 32 bits set: the 'i' argument check refuses it before monitor_set_cpu().
		expect(hmp(m, 'cpu -1')).toBe("'cpu' has failed: integer is for 32-bit values\nTry \"help cpu\" for more information\n");
		expect(hmp(m, 'cpu 0x80000000')).toBe('invalid CPU index\n');
		expect(hmp(m, 'info cpus').split('\n')[2]![0]).toBe('*');
	});

	it('each vCPU has its own host thread', () => {
		const ids = [...hmp(machine('-m 1G -smp 4 -S'), 'info cpus').matchAll(/thread_id=(\d+)/g)].map((x) => Number(x[1]));
		expect(new Set(ids).size).toBe(4);
	});

	it('lists every possible CPU, last first, with a QOM path for the plugged ones', () => {
		const out = hmp(machine('-m 1G -smp 1,maxcpus=2 -S'), 'info hotpluggable-cpus');
		expect(out).toBe([
			'Hotpluggable CPUs:',
			'  type: "qemu64-x86_64-cpu"', '  vcpus_count: "1"', '  CPUInstance Properties:',
			'    socket-id: "0"', '    core-id: "1"', '    thread-id: "0"',
			'  type: "qemu64-x86_64-cpu"', '  vcpus_count: "1"', '  qom_path: "/machine/unattached/device[0]"', '  CPUInstance Properties:',
			'    socket-id: "0"', '    core-id: "0"', '    thread-id: "0"', '',
		].join('\n'));
	});

	it('with memory hotplug configured (one auto-created NUMA node) every possible CPU is on node 0', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G -smp 1,maxcpus=2 -S');
		expect(hmp(m, 'info hotpluggable-cpus').match(/ {4}node-id: "0"\n {4}socket-id/g)).toHaveLength(2);
		expect(m.qmp('query-cpus-fast')).toMatchObject({return: [{props: {'node-id': 0, 'socket-id': 0, 'core-id': 0, 'thread-id': 0}}]});
		expect(hmp(m, 'info numa')).toBe('1 nodes\nnode 0 cpus: 0\nnode 0 size: 1024 MB\nnode 0 plugged: 0 MB\n');
		expect(hmp(machine('-m 1G -smp 2 -S'), 'info hotpluggable-cpus')).not.toContain('node-id');
	});

	it('shows die-id only with more than one die, and the CPU model\'s type', () => {
		const out = hmp(machine('-m 1G -smp 4,sockets=1,dies=2,cores=2 -cpu max -S'), 'info hotpluggable-cpus');
		expect(out).toContain('  type: "max-x86_64-cpu"');
		expect(out.match(/die-id: "(\d)"/g)).toEqual(['die-id: "1"', 'die-id: "1"', 'die-id: "0"', 'die-id: "0"']);
		expect(out).toContain('    socket-id: "0"\n    die-id: "1"\n    core-id: "1"\n    thread-id: "0"\n');
	});
});

describe('info kvm, balloon, dump, iothreads', () => {
	const m = machine();
	it('are answered from the machine memhp runs: TCG, no balloon device, no dump, no iothread', () => {
		expect(hmp(m, 'info kvm')).toBe('kvm support: disabled\n');
		expect(hmp(m, 'info balloon')).toBe('Error: No balloon device has been activated\n');
		expect(hmp(m, 'balloon 512')).toBe('Error: No balloon device has been activated\n');
		expect(hmp(m, 'info dump')).toBe('Status: none\n');
		expect(hmp(m, 'info iothreads')).toBe('');
	});
	it('and what the machine does not have, as the lab\'s 7.2 words it', () => {
		expect(hmp(m, 'info replay')).toBe('Record/replay is not active\n');
		expect(hmp(m, 'info sev')).toBe('SEV is not enabled\n');
		expect(hmp(m, 'info virtio')).toBe('No VirtIO devices\n');
		expect(hmp(m, 'info tpm') + hmp(m, 'info rdma')).toBe('');
		expect(hmp(m, 'info vcpu_dirty_limit')).toBe('Dirty page limit not enabled!\n');
		expect(hmp(m, 'info dirty_rate')).toBe('Status: unstarted\nStart Time: 0 (ms)\nSample Pages: 0 (per GB)\nPeriod: 0 (sec)\nMode: page-sampling\nDirty rate: (not ready)\n');
		// USB is off on the pc machine unless -usb (or -machine usb=on) gives it a bus
		expect(hmp(m, 'info usb')).toBe('Error: USB support not enabled\n');
		expect(hmp(machine('-m 1G -usb'), 'info usb')).toBe('');
		expect(hmp(machine('-m 1G -machine usb=on'), 'info usb')).toBe('');
	});
	it('a subcommand without arguments refuses extra words, naming the typed command', () => {
		expect(hmp(m, 'info kvm now')).toBe('kvm: extraneous characters at the end of line\nTry "help info kvm" for more information\n');
		expect(hmp(m, 'info  memdev x')).toBe('memdev: extraneous characters at the end of line\nTry "help info  memdev" for more information\n');
	});
	it('balloon takes an expression in MiB', () => {
		expect(hmp(m, 'balloon')).toBe('unexpected end of expression\nTry "help balloon" for more information\n');
		expect(hmp(m, 'balloon -1')).toBe('enter a positive value\nTry "help balloon" for more information\n');
		expect(hmp(m, 'balloon 12ab')).toBe('balloon: extraneous characters at the end of line\nTry "help balloon" for more information\n');
		expect(hmp(m, 'balloon 1024/0')).toBe('division by zero\nTry "help balloon" for more information\n');
		expect(hmp(m, 'balloon 2*(256+256)')).toBe('Error: No balloon device has been activated\n');
	});
	it('has QMP counterparts', () => {
		expect(m.qmp('query-kvm')).toEqual({return: {enabled: false, present: true}});
		expect(m.qmp('query-balloon')).toEqual({error: {class: 'DeviceNotActive', desc: 'No balloon device has been activated'}});
		expect(m.qmp('query-dump')).toEqual({return: {status: 'none', completed: 0, total: 0}});
		expect(m.qmp('query-iothreads')).toEqual({return: []});
		const two = machine('-m 1G -smp 2 -S');
		expect(two.qmp('query-cpus-fast')).toMatchObject({return: [
			{'cpu-index': 0, 'qom-path': '/machine/unattached/device[0]', props: {'socket-id': 0, 'core-id': 0, 'thread-id': 0}, target: 'x86_64'},
			// (device[1] is the kvmvapic device CPU 0's APIC creates: the lab's -smp 3)
			{'cpu-index': 1, 'qom-path': '/machine/unattached/device[2]', props: {'socket-id': 0, 'core-id': 1, 'thread-id': 0}, target: 'x86_64'},
		]});
		expect(two.hmp('qom-get /machine/unattached/device[1] type').output).toBe('"kvmvapic"\n');
		expect(two.hmp('qom-get /machine/unattached/device[2] type').output).toBe('"qemu64-x86_64-cpu"\n');
		expect((two.qmp('query-hotpluggable-cpus') as {return: unknown[]}).return).toHaveLength(2);
	});
});

describe('HMP integer expressions (get_expr)', () => {
	const value = (s: string) => {
		const r = getExpr(s, 0);
		return r.ok ? r.value : r.error;
	};
	it('evaluates C operators with their precedence in 64 bits', () => {
		expect(value('1+2*3')).toBe(7n);
		expect(value('(1+2)*3')).toBe(9n);
		expect(value('0x10 | 1')).toBe(17n);
		expect(value('010')).toBe(8n);
		expect(value('-7/2')).toBe(-3n);
		expect(value('-7%2')).toBe(-1n);
		expect(value('~0')).toBe(-1n);
		expect(value("'A'")).toBe(65n);
		expect(value('0xffffffffffffffff')).toBe(-1n);
		expect(value('0x10000000000000000')).toBe('number too large');
		expect(value('1+')).toBe('unexpected end of expression');
		expect(value('(1')).toBe("')' expected");
		expect(value('#')).toBe("invalid char '#' in expression");
	});
	it('checks 32-bit arguments', () => {
		expect(hmp(machine(), 'cpu 0x100000000')).toBe("'cpu' has failed: integer is for 32-bit values\nTry \"help cpu\" for more information\n");
	});
});

describe('info history (util/readline.c)', () => {
	it('keeps typed lines oldest first, moves a repeated line to the end and skips empty ones', () => {
		const m = machine();
		for (const line of ['info kvm', 'info status', '', 'info kvm']) m.hmp(line);
		expect(hmp(m, 'info history')).toBe("0: 'info status'\n1: 'info kvm'\n2: 'info history'\n");
	});
	it('holds 64 lines; a repeat of the 64th stays where it is', () => {
		const mon = new HmpMonitor(true);
		for (let i = 0; i < 70; i++) mon.addHistory(`x${i}`);
		expect(mon.history).toHaveLength(64);
		expect(mon.history![0]).toBe('x6');
		mon.addHistory('x69');
		expect(mon.history!.at(-1)).toBe('x69');
		mon.addHistory('x10');
		expect(mon.history!.at(-1)).toBe('x10');
		expect(mon.history).toHaveLength(64);
	});
	it('QMP\'s human-monitor-command runs on a private monitor without history, on the CPU it names', () => {
		const m = machine('-m 1G -smp 2 -S');
		m.hmp('info kvm');
		expect(m.humanMonitorCommand('info history').output).toBe('');
		expect(m.humanMonitorCommand('info cpus', 1).output).toMatch(/^ {2}CPU #0.*\n\* CPU #1/);
		expect(() => m.humanMonitorCommand('info cpus', 2)).toThrow("Parameter 'cpu-index' expects a CPU number");
		expect(hmp(m, 'info history')).toBe("0: 'info kvm'\n1: 'info history'\n");
	});
	it('a session\'s monitor pane records what was typed there', () => {
		const created = createSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		s.muxKey('c');
		s.submitLine('info status');
		expect(s.qmp('human-monitor-command', {'command-line': 'info history'})).toEqual({return: ''});
		s.submitLine('info history');
		expect(s.qemu.monitor.history).toEqual(['info status', 'info history']);
		expect(s.qmp('human-monitor-command', {'command-line': 'info cpus', 'cpu-index': 5})).toEqual({error: {class: 'GenericError', desc: "Parameter 'cpu-index' expects a CPU number"}});
	});
});
