import {describe, expect, it} from 'vitest';
import {humanReadable} from '../source/machine/shell/applets/sysutils.js';

describe('busybox free scaling (make_human_readable_str)', () => {
	it('rounds to the nearest unit, as real `free -m` shows 917440 kB as 896', () => {
		expect(humanReadable(917440 * 1024, 2 ** 20)).toBe('896');
		expect(humanReadable(1048512 * 1024, 2 ** 20)).toBe('1024');
		expect(humanReadable(4009396 * 1024, 2 ** 20)).toBe('3915');
		expect(humanReadable(917440 * 1024, 1024)).toBe('917440');
		expect(humanReadable(0, 2 ** 20)).toBe('0');
	});

	it('prints one decimal and a suffix for -h', () => {
		expect(humanReadable(917440 * 1024, 0)).toBe('895.9M');
		expect(humanReadable(1023, 0)).toBe('1023');
		expect(humanReadable(8 * 2 ** 30, 0)).toBe('8.0G');
	});
});
