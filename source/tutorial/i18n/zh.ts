import type {HotplugEvent} from '../../machine/snapshot.js';
import type {Explanation} from '../explain.js';
import {blockRanges, mib} from '../facts.js';
import type {Strings} from './strings.js';

/** Why a write to a block's `state` got EINVAL. */
function stateRejected(e: Extract<Explanation, {kind: 'state-rejected'}>): string {
	switch (e.why) {
		case 'value':
			return e.file === 'online'
				? `\`${e.value}\` 不是 memory${e.block}/online 接受的值：只能是 1 或 0（kstrtobool()：也可以是 y/n、on/off；其他值 online_store() 都返回 EINVAL）。`
				: `\`${e.value}\` 不是 memory${e.block}/state 接受的值：只能是 online、online_kernel、online_movable 或 offline（其他值 state_store() 都返回 EINVAL）。`;
		case 'unchanged':
			return `memory${e.block} 已经是 ${e.state}：不改变状态的 state 写入会返回 EINVAL。` +
				(e.state === 'online' ? '想把它换到别的区，先下线，再用 online_movable 或 online_kernel 上线。' : '只有在线的块才能下线。');
		case 'spans-zones':
			return `memory${e.block} 不能下线（EINVAL）：它跨越两个区（valid_zones 显示 "none"），offline_pages() 只接受位于单个区内的块。`;
		case 'holes':
			return `memory${e.block} 不能下线（EINVAL）：它的页并不都是内存（伸进了固件保留区或 e820 的空洞），offline_pages() 拒绝含空洞的块。`;
	}
}

function explanation(e: Explanation): string {
	switch (e.kind) {
		case 'offline-busy':
			return `memory${e.block} 下线失败（EBUSY）：它被上线到 ZONE_${e.zone === 'Movable' ? 'MOVABLE' : 'NORMAL'}，` +
				'内核已经在里面分配了不可迁移的页（slab、页表等），这些页搬不走。' +
				(e.slab === 'names_cache' ? '这里是一个 order-3 的 names_cache slab：上一次成功的下线收缩了所有 slab 缓存，之后第一条带路径的命令（包括这句 `echo ... > state`）在最先上线的块里重新分配了它。下线成功后紧接着 device_del 弹出，也会遇到同样的 slab。' : '') +
				(e.slab === 'kmalloc-cg-8k' ? '这里是 kmalloc-cg-8k 的第一个 slab：读取 /proc/zoneinfo（有 Normal 区后超过 4 KiB）时分配的。' : '') +
				(e.slab === 'kmalloc-32' ? '这里是一个 kmalloc-32 的 slab：之前的一次下线收缩了所有 slab 缓存，释放了 shell 运行的程序存放短命 32 字节对象的那个 slab，之后运行的第一个程序就在这个块里分配了新的。' : '') +
				(e.slab === 'kmalloc-96' ? '这里是一个 kmalloc-96 的 slab：每打开一个 sysfs 文件（每次 `echo online > .../state`，`cat` 或 lsmem 读的每个文件）都要占用一个 96 字节的对象，内核要等 5 秒后才成批释放（kfree_rcu()），而开机后这个缓存只剩很少的空闲对象（256M–640M 的客户机 2 个，多数更大的 43 个）；5 秒内找不到空闲对象的那次打开就从这个块（第一个上线到 Normal 区的块）分配了新的 slab。它作为该缓存当前的 slab 留了下来，之后打开 sysfs 文件还会再用它。' : '') +
				(e.slab === 'kmalloc-2k' ? '这里是一个 kmalloc-2k 的 slab：ACPI 事件执行的 AML 方法（这次弹出请求的，或 PCI 热插的）同时要三个 2 KiB 的 walk state，而开机后这个缓存只剩 (2 - 插槽数) mod 8 个空闲对象（每个 DIMM 插槽的 ACPI 设备占一个），插槽数为 1、2、8、32 或 64 时不够；于是方法从这个块（第一个上线到 Normal 区的块）分配了新的 slab。方法返回后它就空了：另一个块成功下线时会把它丢弃。' : '') +
				(e.slab === 'kmalloc-1k' ? '这里是一个 kmalloc-1k 的 slab。这个缓存为每个内存块保存一个 struct memory_block，每次 exec 一个程序都要借一个 1 KiB 对象存放程序头，串口控制台也把你输入的字符存在 1 KiB 的缓冲区里（开机以来输入第一个字符时要一个，满 512 个字符后再要一个）；各块用完了开机时剩下的空闲对象之后，接下来的这类分配就从这个区（内核优先分配的区）拿了新的 slab。exec 留下的 slab（空着）一直留着，直到另一块的下线收缩各缓存；`free`、`ls` 在 fork 出的 shell 里直接运行，不借这个对象。' : '') +
				(e.slab === 'kmalloc-16' && e.emptySlab ? '这里是一个空的 kmalloc-16 slab：热插入结束时会临时占用两个 16 字节对象，弹出（eject）在第一次下线之前会临时占用四个；空闲对象不够时（其余已被这个 DIMM 的 sysfs 名字用掉），就从这个区拿了一个新 slab。对象马上释放，但这个 slab 仍是 CPU 自己的，直到另一个块下线时收缩各个缓存才会消失：所以有多个块的 DIMM 会在第二轮成功弹出，只有一个块的 DIMM 每次都会被拒绝。' : '') +
				(e.slab === 'kmalloc-16' && !e.emptySlab ? '这里是一个 kmalloc-16 的 slab：内核把每个 8 到 15 个字符的 sysfs 名字复制进一个 16 字节的 kmalloc 对象，每块的 memoryN 四份，ACPI 设备的每个 physical_node 链接一份（最后建立，在自动上线之后）；这些名字找不到空闲对象时，新 slab 就来自这个区。名字与 DIMM 同生共死，所以 DIMM 插着时这个块无法下线；若把 auto_online_blocks 设为 online_movable，这个 slab 就不会落在 DIMM 里。' : '') +
				(e.slab === 'kernfs_node_cache' ? '这里是一个 kernfs_node_cache 的 slab：每个 sysfs 条目都是一个 128 字节的 kernfs_node；热插最后建立的那些条目——每块的 firmware_node 和 ACPI 设备的 physical_node 链接（在各块加入之后建立，自动上线时还在上线之后）——找不到空闲对象，于是新 slab 来自这个区。这些链接与 DIMM 同生共死，所以 DIMM 插着时这个块无法下线；若把 auto_online_blocks 设为 online_movable 再热插，这类 slab 就不会落在 DIMM 的块里。' : '') +
				(e.slab === 'inode' ? '这里是一个 inode slab：路径查找（包括这句 `echo ... > state`）碰到了开机以来没人查找过的 sysfs 文件或目录，新 inode 在 inode_cache 里找不到空闲对象，于是从内核分配所用的区里分配了新 slab，而这个块正属于该区。inode 会一直缓存，slab 也就一直留着。' : '') +
				(e.slab === 'dentry' ? '这里是一个 dentry slab：路径查找第一次碰到的每个名字都要一个 192 字节的 dentry（每页 21 个），而开机后只剩 17 个空闲；找不到空闲对象的那次查找（程序自己的名字也算）从内核分配所用的区里分配了新 slab，而这个块正属于该区。dentry 会一直缓存，slab 也就一直留着。' : '') +
				(e.slab === 'kernfs_iattrs_cache' ? '这里是 kernfs_iattrs_cache 的第一个 slab：shell 的 `>` 会截断它打开的 sysfs 文件（`chmod`、`chown`、`touch` 修改 sysfs 节点的属性也一样），这让该文件的 kernfs 节点得到一个伴随其一生的属性对象；开机时这个缓存一个对象都没有，所以开机以来第一次这样的修改从这个区分配了新 slab。如果在这个区的任何块上线之前就写过（比如教程里第一次 `echo online`），它就留在开机内存里。' : '') +
				(e.slab === 'sigqueue' ? '这里是 sigqueue 的 slab：每个程序退出时给 shell 发 SIGCHLD，信号在被 shell 取走之前放在 sigqueue 对象里；之前的一次下线收缩了所有 slab 缓存，释放了这个缓存唯一（已空）的 slab，下一个程序退出时就从这个块里拿了新 slab。' : '') +
				(e.slab === 'Acpi-State' ? '这里是 Acpi-State 的 slab：ACPI 解释器执行方法（热插拔 GPE 的方法、_STA、_OST、_EJ0）时把状态对象放在这里；之前的一次下线收缩了所有 slab 缓存，释放了这个缓存唯一（已空）的 slab，下一次热插拔事件的方法就从这个块里拿了新 slab。' : '') +
				(e.slab === 'pde_opener' ? '这里是 pde_opener 的 slab：打开 zoneinfo、vmstat、buddyinfo、iomem 等 /proc 文件时，内核在其中记录打开者直到 close()（meminfo 是“永久”条目，不用它）；该缓存原本没有 slab，于是新 slab 来自这个块。' : '') +
				'下次请用 `echo online_movable > .../state` 上线：ZONE_MOVABLE 只放可迁移的页，只要别处有空闲内存，下线时就能迁移出去。';
		case 'offline-no-room':
			return `memory${e.block} 下线失败：块里的页都可迁移，但别处没有足够的空闲内存可以迁入` +
				'（do_migrate_range() 找不到目标页，没有 swap 也回收不了）。' +
				'先释放内存（删掉写满 tmpfs 的文件）或再上线一个内存块，然后重新下线。';
		case 'eject-refused':
			if (e.disabled) {
				return 'device_del 没有生效：Guest 关闭了内存设备的弹出' +
					'（/sys/firmware/acpi/hotplug/memory/enabled 为 0，日志里的 `Eject disabled`），它没有下线任何内存块就回复“不支持移除”，DIMM 仍然插着。' +
					'请执行 `echo 1 > /sys/firmware/acpi/hotplug/memory/enabled`，再执行一次 device_del。';
			}
			if (e.byGuest) {
				return `写入 ACPI 设备的 eject 没有生效：Guest 无法下线 ${blockRanges(e.blocks) || '该 DIMM 的内存块'}（日志里的 \`Offline failed.\`），` +
					'于是把它们重新上线，DIMM 仍然插着。请先把这条 DIMM 的所有内存块下线（或以 online_movable 方式上线），再向 eject 写一次 1。';
			}
			return `device_del 没有生效：Guest 无法下线 ${blockRanges(e.blocks) || '该 DIMM 的内存块'}（日志里的 \`Offline failed.\`），` +
				'于是对弹出请求回复了“忙”，DIMM 仍然插着。请先把这条 DIMM 的所有内存块下线（或以 online_movable 方式上线），再执行一次 device_del。';
		case 'object-in-use':
			if (e.dimmStatus === 'plugged') {
				return `${e.backend} 仍是 DIMM ${e.dimm} 的 memdev：只有没有设备再映射这个后端时，object_del 才能删除它。` +
					`请先执行 \`device_del ${e.dimm}\` 拔出 DIMM。`;
			}
			if (e.dimmStatus === 'eject-requested') {
				return `${e.backend} 仍被映射：device_del 只是请求 Guest 弹出 ${e.dimm}，要等 Guest 下线它的内存块并调用 _EJ0 后 DIMM 才会消失。` +
					'请等弹出完成（用 info memory-devices 确认），再执行 object_del。';
			}
			if (e.dimmStatus === 'eject-refused') {
				return `${e.backend} 仍被映射：有内存块还在线且无法下线，Guest 拒绝弹出 ${e.dimm}。` +
					'请先在 Guest 中下线这些内存块，再 device_del，最后 object_del。';
			}
			if (e.dimmStatus === 'nvdimm') {
				return `${e.backend} 是 NVDIMM ${e.dimm} 的后端，而 QEMU 7.2 不支持热拔 NVDIMM（device_del 会报错）：` +
					'只要虚拟机还在运行，这个后端就一直被占用。';
			}
			return `${e.backend} 还被某个设备使用：请先移除该设备，再执行 object_del。`;
		case 'free-unchanged':
			return `free 没有变大：${blockRanges(e.blocks)} 已经热添加，但处于下线状态` +
				`（auto_online_blocks 为 \`${e.autoOnline}\`，这个 Guest 里也没有 udev 规则自动上线）。` +
				'内存块上线之后，才会计入 MemTotal。';
		case 'state-rejected':
			return stateRejected(e);
		case 'read-only':
			return `${e.path} 是只读文件（权限 0444，没有 store 函数），root 也写不了。` +
				'内存块目录下可写的只有 `state` 和 `online`。';
		case 'hot-add-failed':
			return e.errno === 'EINVAL'
				? `QEMU 已经插入了 DIMM，但 Guest 无法添加这 ${mib(e.bytes)} MiB：它的地址范围不是 128 MiB 内存块的整数倍` +
					'（dmesg：`Block size [0x8000000] unaligned hotplug range`），所以没有出现新的 memoryN。请 device_del 它，再插入大小和 addr 都是 128M 整数倍的 DIMM。'
				: `QEMU 已经插入了 DIMM，但 Guest 无法添加这 ${mib(e.bytes)} MiB：它的 memmap（每 128 MiB 需要 2 MiB）必须从已经上线的内存里分配，` +
					'而可用内存不够（dmesg：`vmemmap alloc failure`）。请先上线一些内存，或者插入更小的 DIMM。';
		case 'memhotplug-disabled':
			return `free 没有变大，${e.dimms.join('、')} 也没有出现新的 memoryN：这个 Guest 启动时带了 acpi_no_memhotplug，` +
				'Linux 不处理热插入的 DIMM（不会添加内存；device_del 仍能弹出它们）。去掉这个参数重新启动才能使用内存热插拔。';
		case 'hugepages-dissolved':
			return `下线 memory${e.block} 拆掉了 ${e.pages} 个空闲大页（nr_hugepages 相应变小）：` +
				'大页不会被迁移，而是拆回普通空闲页，内存块才能下线。再写一次 nr_hugepages 即可重新分配。';
		case 'pages-migrated':
			return `memory${e.block} 下线前，先把块里 ${e.pages} 个已用页（${mib(e.pages * 4096)} MiB）迁移到了其他块的空闲页上` +
				'（do_migrate_range()：逐页复制，页表和页缓存改指向副本）。' +
				'这些都是可迁移页（tmpfs、用户内存）；MemFree 只减少该块的空闲页，迁移的数据仍然完好。';
	}
}

function eventTitle(e: HotplugEvent): string {
	const blocks = blockRanges(e.blocks);
	const size = e.bytes ? `（${mib(e.bytes)} MiB）` : '';
	const dimm = e.dimm ? ` ${e.dimm}` : '';
	switch (e.kind) {
		case 'hot-add':
			return `${e.atBoot ? '启动时添加' : '热添加'}${dimm}：创建 ${blocks}，处于下线状态${size}`;
		case 'hot-add-failed':
			return `热添加${dimm} 失败${e.reason ? `：${e.reason}` : ''}`;
		case 'online':
			return `上线 ${blocks}${e.zone ? `，进入 ZONE_${e.zone.toUpperCase()}` : ''}${size}`;
		case 'offline':
			return `下线 ${blocks}${size}`;
		case 'offline-failed':
			return `下线 ${blocks} 失败${e.reason ? `：${e.reason}` : ''}`;
		case 'eject':
			return `弹出${dimm}：${blocks} 已下线并移除`;
		case 'eject-refused':
			return e.ejectDisabled ? `拒绝弹出${dimm}：弹出已被禁用` : `拒绝弹出${dimm}：${blocks} 无法下线`;
		case 'remove':
			return `移除 ${blocks}${size}`;
	}
}

/** 中文文本：写给 BiscuitOS 教程的读者。 */
export const zh: Strings = {
	steps: {
		'kernel-config': {
			title: '内核配置',
			body: () => [
				'Guest 内核需要打开下面这些选项，少了任何一个，本教程的实践都做不下去。',
				'按 F8 开始。',
			],
		},
		'start-qemu': {
			title: '启动 QEMU，预留 DIMM 插槽',
			body: p => [
				`要热插拔内存，QEMU 必须有空闲的 DIMM 插槽和内存上限：\`-m ${p.ramMib}M,slots=32,maxmem=8G\`。`,
				'没有 slots= 和 maxmem=，device_add 会拒绝所有 pc-dimm；请带上这两个参数重新启动 memhp。',
			],
		},
		'enter-monitor': {
			title: '切换到 QEMU monitor',
			body: () => ['-nographic 模式下，Guest 串口和 monitor 共用一个终端：先按 Ctrl-A 再按 c 来回切换。'],
		},
		'object-add': {
			title: '创建内存后端',
			body: () => ['memory-backend-ram 对象是给 DIMM 用的宿主机内存；光创建它，Guest 还什么都看不到。'],
		},
		'device-add': {
			title: '插入 DIMM',
			body: p => [
				`device_add 把一条使用 ${p.backend} 的 pc-dimm 插进空闲插槽；QEMU 触发 ACPI GPE，Guest 的 acpi_memory_device_add 调用 __add_memory 完成热添加。`,
			],
		},
		'back-to-console': {
			title: '回到 Guest 控制台',
			body: () => ['再按一次 Ctrl-A c 回到 Guest 的 shell（看不到提示符就按一下回车）。'],
		},
		'see-offline': {
			title: '新的内存块，仍是下线状态',
			body: p => [
				`Guest 在 /sys/devices/system/memory 下创建了 ${p.blocks || '新的 memoryN 目录'}（每块 ${p.blockMib} MiB），全部处于下线状态。`,
				'运行 free -m：总量没有变化，因为下线的内存不会交给页分配器。',
			],
		},
		'online': {
			title: '上线一个内存块',
			body: p => [
				`向 memory${p.block}/state 写入 online，它的页就会交给伙伴系统（online_pages）。用什么方式都可以：\`echo 1 > online\`、for 循环、chmem -e。`,
			],
		},
		'free-grows': {
			title: 'free -m 变大了',
			body: p => [`再运行一次 free -m：每上线一个内存块，总量就增加 ${p.blockMib} MiB。`],
		},
		'offline': {
			title: '再把它下线',
			body: p => [
				`把 memory${p.block} 下线：内核先隔离这些页，把正在使用的页迁移走，再把它们从 zone 中摘除；free 随之变小。`,
				'如果报 "Device or resource busy"，说明这个内存块里有不可迁移的内核页。',
			],
		},
		'device-del': {
			title: '拔出 DIMM',
			body: p => [
				`device_del ${p.dimm} 只是请求 Guest 弹出它：Guest 下线并移除这条 DIMM 的内存块、调用 _EJ0 之后，QEMU 才真正拔出。`,
			],
		},
		'object-del': {
			title: '删除内存后端',
			body: p => [`DIMM 拔出后，已经没有设备映射 ${p.backend}，object_del 就可以释放它了。`],
		},
		'summary': {
			title: '小结',
			body: () => [],
		},
	},
	kernelConfig: [
		{
			option: 'CONFIG_MEMORY_HOTPLUG',
			enables: '/sys/devices/system/memory 下的内存块、add_memory() 和 online_pages()',
			without: 'QEMU 照样能插入 DIMM，但 Guest 没法接纳：不会出现 memoryN，free 永远不变',
		},
		{
			option: 'CONFIG_MEMORY_HOTREMOVE',
			enables: 'offline_pages() 以及内存块的移除',
			without: '写 offline 会失败，Guest 拒绝所有弹出请求，device_del 永远完成不了',
		},
		{
			option: 'CONFIG_ACPI_HOTPLUG_MEMORY',
			enables: 'PNP0C80 内存设备的 ACPI 驱动（acpi_memhotplug），负责响应 QEMU 的热插拔 GPE 和 _EJ0',
			without: 'Guest 根本不知道有 DIMM 插入：device_add 之后没有新的 memoryN，device_del 也一直等下去',
		},
		{
			option: 'CONFIG_SPARSEMEM',
			enables: '以 128 MiB section 为单位管理 mem_map 的内存模型，运行时可以追加',
			without: 'FLATMEM 只有一块固定的 mem_map，连内存热插拔选项都选不上',
		},
		{
			option: 'CONFIG_MIGRATION',
			enables: '页迁移：下线时把在用的页从内存块里搬走（do_migrate_range）',
			without: '热删除无法编译（5.0 中 depends on MIGRATION，6.1 中 select）：既不能下线也不能拔出',
		},
	],
	explanation,
	summary: s => [
		`你热添加了 ${s.hotAddedMib} MiB，即 ${s.hotAddedBlocks || '（无内存块）'}（DIMM ${s.dimm}，后端 ${s.backend}）。`,
		s.onlinedBlocks
			? `你把 ${s.onlinedBlocks} 上线到 ${s.zones || '某个 zone'}，free -m 增加了 ${s.gainedMib} MiB。`
			: '没有上线任何内存块。',
		s.offlineFailures > 0 ? `下线被拒绝了 ${s.offlineFailures} 次（EBUSY：存在不可迁移的页）。` : '下线过程没有遇到 EBUSY。',
		s.removed ? 'DIMM 已弹出，后端已删除：机器回到了刚启动时的样子。' : 'DIMM 仍然插着。',
	],
	eventTitle,
	linux50: {
		kernfs_fop_write_iter: '5.0：kernfs_fop_write（5.12 起改为 write_iter）',
		memory_block_online: '5.0 中没有：memory_block_action 直接调用 online_pages',
		memory_block_offline: '5.0 中没有：memory_block_action 直接调用 offline_pages',
		zone_for_pfn_range: '5.0：由 online_pages 自己选 zone（move_pfn_range）',
		online_pages: '5.0：online_pages(pfn, nr_pages, online_type)，再经 walk_system_ram_range(..., online_pages_range)',
		online_pages_range: '5.0：通过 walk_system_ram_range 调用',
		generic_online_page: '5.0：generic_online_page(page) 逐页处理：__online_page_free -> __free_reserved_page -> __free_page',
		__free_pages_core: '5.0：__free_page（经 __free_reserved_page 逐页释放）',
		__add_memory: '5.0：__add_memory(nid, start, size)；6.1：__add_memory(mgid, start, size, MHP_NID_IS_MGID)',
		memory_group_register_static: '5.0 中没有（memory group 从 5.15 开始）',
		add_memory_resource: '5.0：add_memory_resource(nid, res, online)',
		create_memory_block_devices: '5.0：按 section 调用 link_mem_sections / register_mem_sect_under_node',
		offline_pages: '5.0：offline_pages(start_pfn, nr_pages) -> __offline_pages(start, end)',
		__remove_memory: '5.0：__remove_memory(nid, start, size)',
		remove_memory_block_devices: '5.0：经 __remove_pages 按 section 调用 unregister_memory_section',
	},
	ui: {
		stepOf: (i, n) => `第 ${i}/${n} 步`,
		type: '输入：',
		done: '已完成',
		waiting: '等待机器状态变化',
		keys: 'F7 上一步  F8 下一步  F2 调用路径',
		callPaths: '内核调用路径（最内层在前）',
		noEvents: '还没有热插拔事件。',
		failedHere: reason => `<- 在这里失败${reason ? `：${reason}` : ''}`,
		innermostFirst: '最内层在前',
		linux50: 'Linux 5.0',
		finished: '教程完成。',
		nothingToType: '这一步不用输入：读完按 F8。',
	},
};
