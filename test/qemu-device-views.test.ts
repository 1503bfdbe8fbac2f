import {describe, expect, it} from 'vitest';
import {parseQemuCommandLine} from '../source/machine/qemu/index.js';
import {startQemu} from './session-helpers.js';

describe('the board\'s other devices in the monitor (info block, mice, vnc, spice, migrate, snapshots)', () => {
	it('follows the default drives to their devices\' QOM paths, which the CPU count moves', () => {
		const one = startQemu('-m 1G -nographic -S');
		expect(one.hmp('info block').output).toBe([
			'ide1-cd0: [not inserted]', '    Attached to:      /machine/unattached/device[23]', '    Removable device: not locked, tray closed', '',
			'floppy0: [not inserted]', '    Attached to:      /machine/unattached/device[16]', '    Removable device: not locked, tray closed', '',
			'sd0: [not inserted]', '    Removable device: not locked, tray closed', '',
		].join('\n'));
		const four = startQemu('-m 1G -smp 4 -nographic -S');
		expect(four.hmp('info block').output).toContain('    Attached to:      /machine/unattached/device[26]\n');
		expect(four.hmp('info qom-tree /machine/unattached/device[26]').output).toBe('/device[26] (ide-cd)\n');
		// -nodefaults: no drives at all, no NIC to list
		const bare = startQemu('-m 1G -nodefaults -nographic -S -monitor stdio');
		expect(bare.hmp('info block').output).toBe('');
		expect(bare.hmp('info network').output).toBe('');
	});
	it('answers the rest as 7.2 does with no server, no migration and nothing to snapshot', () => {
		const m = startQemu('-m 1G -nographic -S');
		expect(m.hmp('info mice').output).toBe('* Mouse #2: QEMU PS/2 Mouse\n');
		expect(m.hmp('info spice').output).toBe('Server: disabled\n');
		expect(m.hmp('info vnc').output).toBe('None\n');
		expect(m.hmp('info migrate').output.split('\n').slice(0, 2)).toEqual(['globals:', 'store-global-state: on']);
		expect(m.hmp('info snapshots').output).toBe('no block device can store vmstate for snapshot\n');
		expect(m.hmp('info capture').output).toBe('');
		// a NIC's user-mode netdev has an id that changes from run to run
		expect(m.hmp('info network').output).toBe("memhp: 'info network' is not simulated\n");
	});
	it('says what it cannot know: an image on the command line, a display it has no window for', () => {
		const p = parseQemuCommandLine(['-m', '1G', 'disk.img']);
		expect(p.ok && p.config.board.drives).toBe(true);
		const disk = startQemu('-m 1G -nographic -S -hda disk.img');
		expect(disk.hmp('info block').output).toBe('Error: memhp: query-block with drives on the command line (memhp has no block layer) or on a q35 machine is not simulated\n');
		expect(disk.hmp('info snapshots').output).toBe("memhp: 'info snapshots' is not simulated\n");
		const gui = startQemu('-m 1G -S');
		expect(gui.hmp('info vnc').output).toBe('Error: memhp: query-vnc-servers with a display or -vnc is not simulated\n');
		const vnc = startQemu('-m 1G -nographic -vnc :1 -spice port=5930 -S');
		expect(vnc.hmp('info vnc').output).toBe('Error: memhp: query-vnc-servers with a display or -vnc is not simulated\n');
		expect(vnc.hmp('info spice').output).toBe('Error: memhp: query-spice with -spice is not simulated\n');
	});
});
