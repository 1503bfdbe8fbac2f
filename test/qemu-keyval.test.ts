import {describe, expect, it} from 'vitest';
import {keyvalParse, qemuOptsElements} from '../source/machine/qemu/keyval.js';

const values = (r: ReturnType<typeof keyvalParse>) => (r.ok ? Object.fromEntries(r.options.values) : r.error);

describe('keyval_parse (object_add), as 7.2 reads it', () => {
	it('takes the implied key\'s value as the first element stands: no ",," there, one "," ends it', () => {
		// the lab's HMP: `object_add memory-backend-ram,,id=m1,size=128M` → Error: Invalid parameter ''
		expect(values(keyvalParse('memory-backend-ram,,id=m1,size=128M', 'qom-type'))).toBe("Invalid parameter ''");
		expect(values(keyvalParse(',id=m1', 'qom-type'))).toBe("Invalid parameter ''");
		expect(values(keyvalParse('=memory-backend-ram', 'qom-type'))).toBe("Invalid parameter ''");
		expect(values(keyvalParse('memory-backend-ram,=5', 'qom-type'))).toBe("Invalid parameter ''");
		expect(values(keyvalParse('memory-backend-ram,id=m1,.a=1', 'qom-type'))).toBe("Invalid parameter '.a'");
		expect(values(keyvalParse('memory-backend-ram,id=m1,size', 'qom-type'))).toBe("Expected '=' after parameter 'size'");
	});
	it('escapes a comma in other values, and a trailing comma ends the string', () => {
		expect(values(keyvalParse('memory-backend-ram,id=m1,size=128M,,prealloc=on', 'qom-type'))).toEqual({'qom-type': 'memory-backend-ram', id: 'm1', size: '128M,prealloc=on'});
		expect(values(keyvalParse('memory-backend-ram,id=m1,size=128M,', 'qom-type'))).toEqual({'qom-type': 'memory-backend-ram', id: 'm1', size: '128M'});
		expect(values(keyvalParse('qom-type=memory-backend-ram,id=m1', 'qom-type'))).toEqual({'qom-type': 'memory-backend-ram', id: 'm1'});
	});
});

describe('opts_do_parse (QemuOpts: device_add, -m, -object)', () => {
	it('reads the implied name\'s value with ",," escaping and stops at a trailing comma', () => {
		expect(qemuOptsElements('1G,,slots=2', 'size')).toEqual([{name: 'size', value: '1G,slots=2', isHelp: false}]);
		expect(qemuOptsElements('1G,slots=2,', 'size')).toEqual([{name: 'size', value: '1G', isHelp: false}, {name: 'slots', value: '2', isHelp: false}]);
		expect(qemuOptsElements('1G,noslots,help', 'size').map((e) => [e.name, e.value, e.isHelp, !!e.warning])).toEqual([
			['size', '1G', false, false],
			['slots', 'off', false, true],
			['help', 'on', true, false],
		]);
	});
});
