/**
 * The x86 CPU's QOM properties (qemu-system-x86_64 7.2: `-device qemu64-x86_64-cpu,help`) and
 * `-cpu help`, as data: what x86_cpu_parse_featurestr()'s globals are checked against when the
 * CPU is created (memhp only acts on phys-bits; the rest are accepted or refused as QEMU does).
 */

/** The CPU's boolean properties: CPUID feature flags and the x86 CPU's switches. */
export const X86_CPU_BOOL_PROPS: ReadonlySet<string> = new Set((
	"3dnow 3dnowext 3dnowprefetch abm ace2-en ace2 acpi adx aes amd-no-ssb amd-ssbd amd-stibp " +
	"amx-bf16 amx-int8 amx-tile apic arat arch-capabilities arch-lbr avic avx-vnni avx2 avx512-4fmaps " +
	"avx512-4vnniw avx512-bf16 avx512-fp16 avx512-vp2intersect avx512-vpopcntdq avx512bitalg avx512bw " +
	"avx512cd avx512dq avx512er avx512f avx512ifma avx512pf avx512vbmi2 avx512vbmi avx512vl " +
	"avx512vnni avx bmi1 bmi2 bus-lock-detect check cid cldemote clflush clflushopt clwb clzero cmov " +
	"cmp-legacy cmp_legacy core-capability cpuid-0xb cr8legacy cx16 cx8 dca de decodeassists ds-cpl " +
	"ds ds_cpl dtes64 enforce erms est extapic f16c ffxsr fill-mtrr-mask flushbyasid fma4 fma fpu " +
	"fsgsbase fsrm full-cpuid-auto-level full-width-write fxsr-opt fxsr fxsr_opt gfni hle " +
	"host-phys-bits ht hv-apicv hv-avic hv-crash hv-emsr-bitmap hv-enforce-cpuid hv-evmcs " +
	"hv-frequencies hv-ipi hv-passthrough hv-reenlightenment hv-relaxed hv-reset hv-runtime " +
	"hv-stimer-direct hv-stimer hv-syndbg hv-synic hv-time hv-tlbflush-direct hv-tlbflush-ext " +
	"hv-tlbflush hv-vapic hv-vpindex hv-xmm-input hypervisor i64 ia64 ibpb ibrs-all ibrs ibs " +
	"intel-pt-lip intel-pt invpcid invtsc kvm-asyncpf-int kvm-asyncpf kvm-hint-dedicated kvm-mmu " +
	"kvm-msi-ext-dest-id kvm-no-smi-migration kvm-nopiodelay kvm-poll-control kvm-pv-enforce-cpuid " +
	"kvm-pv-eoi kvm-pv-ipi kvm-pv-sched-yield kvm-pv-tlb-flush kvm-pv-unhalt kvm-steal-time kvm " +
	"kvm_asyncpf kvm_asyncpf_int kvm_mmu kvm_nopiodelay kvm_poll_control kvm_pv_eoi kvm_pv_unhalt " +
	"kvm_steal_time kvmclock-stable-bit kvmclock l3-cache la57 lahf-lm lahf_lm lbrv lm lmce lwp mca " +
	"mce md-clear mds-no misalignsse mmx mmxext monitor movbe movdir64b movdiri mpx msr mtrr " +
	"nodeid-msr nodeid_msr npt nrip-save nrip_save nx osvw pae pat pause-filter pause_filter pbe pcid " +
	"pclmuldq pclmulqdq pcommit pdcm pdpe1gb perfctr-core perfctr-nb perfctr_core perfctr_nb " +
	"pfthreshold pge phe-en phe pks pku pmm-en pmm pmu pn pni popcnt pschange-mc-no pse36 pse " +
	"rdctl-no rdpid rdrand rdseed rdtscp rsba rtm sep serialize sgx-debug sgx-exinfo sgx-kss " +
	"sgx-mode64 sgx-provisionkey sgx-tokenkey sgx1 sgx2 sgx sgxlc sha-ni skinit skip-l1dfl-vmentry " +
	"smap smep smx spec-ctrl split-lock-detect ss ssb-no ssbd sse2 sse3 sse4-1 sse4-2 sse4.1 sse4.2 " +
	"sse4_1 sse4_2 sse4a sse ssse3 start-powered-off stibp svm-lock svm svm_lock svme-addr-chk " +
	"syscall taa-no tbm tce tcg-cpuid tm2 tm topoext tsc-adjust tsc-deadline tsc-scale tsc tsc_adjust " +
	"tsc_scale tsx-ctrl tsx-ldtrk umip v-vmsave-vmload vaes vgif virt-ssbd vmcb-clean vmcb_clean vme " +
	"vmware-cpuid-freq vmx-activity-hlt vmx-activity-shutdown vmx-activity-wait-sipi " +
	"vmx-apicv-register vmx-apicv-vid vmx-apicv-x2apic vmx-apicv-xapic vmx-cr3-load-noexit " +
	"vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit vmx-desc-exit vmx-encls-exit " +
	"vmx-entry-ia32e-mode vmx-entry-load-bndcfgs vmx-entry-load-efer vmx-entry-load-pat " +
	"vmx-entry-load-perf-global-ctrl vmx-entry-load-pkrs vmx-entry-load-rtit-ctl " +
	"vmx-entry-noload-debugctl vmx-ept-1gb vmx-ept-2mb vmx-ept-advanced-exitinfo vmx-ept-execonly " +
	"vmx-ept vmx-eptad vmx-eptp-switching vmx-exit-ack-intr vmx-exit-clear-bndcfgs " +
	"vmx-exit-clear-rtit-ctl vmx-exit-load-efer vmx-exit-load-pat vmx-exit-load-perf-global-ctrl " +
	"vmx-exit-load-pkrs vmx-exit-nosave-debugctl vmx-exit-save-efer vmx-exit-save-pat " +
	"vmx-exit-save-preemption-timer vmx-flexpriority vmx-hlt-exit vmx-ins-outs vmx-intr-exit " +
	"vmx-invept-all-context vmx-invept-single-context-noglobals vmx-invept-single-context vmx-invept " +
	"vmx-invlpg-exit vmx-invpcid-exit vmx-invvpid-all-context vmx-invvpid-single-addr vmx-invvpid " +
	"vmx-io-bitmap vmx-io-exit vmx-monitor-exit vmx-movdr-exit vmx-msr-bitmap vmx-mtf vmx-mwait-exit " +
	"vmx-nmi-exit vmx-page-walk-4 vmx-page-walk-5 vmx-pause-exit vmx-ple vmx-pml vmx-posted-intr " +
	"vmx-preemption-timer vmx-rdpmc-exit vmx-rdrand-exit vmx-rdseed-exit vmx-rdtsc-exit " +
	"vmx-rdtscp-exit vmx-secondary-ctls vmx-shadow-vmcs vmx-store-lma vmx-true-ctls vmx-tsc-offset " +
	"vmx-tsc-scaling vmx-unrestricted-guest vmx-vintr-pending vmx-vmfunc vmx-vmwrite-vmexit-fields " +
	"vmx-vnmi-pending vmx-vnmi vmx-vpid vmx-wbinvd-exit vmx-xsaves vmx-zero-len-inject vmx vpclmulqdq " +
	"waitpkg wbnoinvd wdt x-force-features x-hv-synic-kvm-only x-intel-pt-auto-level " +
	"x-migrate-smi-count x-vendor-cpuid-only x2apic xcrypt-en xcrypt xd xfd xgetbv1 xop xsave xsavec " +
	"xsaveerptr xsaveopt xsaves xstore-en xstore xtpr "
).trim().split(' '));

/** Its other settable properties and their visitor types (the rest are read-only: feature-words, ...). */
export const X86_CPU_TYPED_PROPS: ReadonlyMap<string, 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int32' | 'int64' | 'str' | 'OnOffAuto' | 'vendor'> = new Map([
	['apic-id', 'uint32'], ['core-id', 'int32'], ['die-id', 'int32'], ['family', 'int64'], ['host-phys-bits-limit', 'uint8'],
	['hv-no-nonarch-coresharing', 'OnOffAuto'], ['hv-spinlocks', 'uint32'], ['hv-vendor-id', 'str'], ['hv-version-id-build', 'uint32'],
	['hv-version-id-major', 'uint16'], ['hv-version-id-minor', 'uint16'], ['hv-version-id-sbranch', 'uint8'], ['hv-version-id-snumber', 'uint32'],
	['hv-version-id-spack', 'uint32'], ['lbr-fmt', 'uint64'], ['lbr_fmt', 'uint64'], ['level-func7', 'uint32'], ['level', 'uint32'],
	['min-level', 'uint32'], ['min-xlevel2', 'uint32'], ['min-xlevel', 'uint32'], ['model-id', 'str'], ['model', 'int64'], ['node-id', 'int32'],
	['phys-bits', 'uint32'], ['socket-id', 'int32'], ['stepping', 'int64'], ['thread-id', 'int32'], ['tsc-frequency', 'int64'], ['ucode-rev', 'uint64'],
	['vendor', 'vendor'], ['x-hv-max-vps', 'int32'], ['xlevel2', 'uint32'], ['xlevel', 'uint32'],
]);

/** `-cpu help` (x86_cpu_list): the models, then the CPUID flags -cpu takes as +flag/-flag. */
export const X86_CPU_HELP =
	"Available CPUs:\n" +
	"x86 486                   (alias configured by machine type)\n" +
	"x86 486-v1                \n" +
	"x86 Broadwell             (alias configured by machine type)\n" +
	"x86 Broadwell-IBRS        (alias of Broadwell-v3)\n" +
	"x86 Broadwell-noTSX       (alias of Broadwell-v2)\n" +
	"x86 Broadwell-noTSX-IBRS  (alias of Broadwell-v4)\n" +
	"x86 Broadwell-v1          Intel Core Processor (Broadwell)\n" +
	"x86 Broadwell-v2          Intel Core Processor (Broadwell, no TSX)\n" +
	"x86 Broadwell-v3          Intel Core Processor (Broadwell, IBRS)\n" +
	"x86 Broadwell-v4          Intel Core Processor (Broadwell, no TSX, IBRS)\n" +
	"x86 Cascadelake-Server    (alias configured by machine type)\n" +
	"x86 Cascadelake-Server-noTSX  (alias of Cascadelake-Server-v3)\n" +
	"x86 Cascadelake-Server-v1  Intel Xeon Processor (Cascadelake)\n" +
	"x86 Cascadelake-Server-v2  Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES]\n" +
	"x86 Cascadelake-Server-v3  Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, no TSX]\n" +
	"x86 Cascadelake-Server-v4  Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, EPT switching, no TSX]\n" +
	"x86 Cascadelake-Server-v5  Intel Xeon Processor (Cascadelake) [ARCH_CAPABILITIES, EPT switching, XSAVES, no TSX]\n" +
	"x86 Conroe                (alias configured by machine type)\n" +
	"x86 Conroe-v1             Intel Celeron_4x0 (Conroe/Merom Class Core 2)\n" +
	"x86 Cooperlake            (alias configured by machine type)\n" +
	"x86 Cooperlake-v1         Intel Xeon Processor (Cooperlake)\n" +
	"x86 Cooperlake-v2         Intel Xeon Processor (Cooperlake) [XSAVES]\n" +
	"x86 Denverton             (alias configured by machine type)\n" +
	"x86 Denverton-v1          Intel Atom Processor (Denverton)\n" +
	"x86 Denverton-v2          Intel Atom Processor (Denverton) [no MPX, no MONITOR]\n" +
	"x86 Denverton-v3          Intel Atom Processor (Denverton) [XSAVES, no MPX, no MONITOR]\n" +
	"x86 Dhyana                (alias configured by machine type)\n" +
	"x86 Dhyana-v1             Hygon Dhyana Processor\n" +
	"x86 Dhyana-v2             Hygon Dhyana Processor [XSAVES]\n" +
	"x86 EPYC                  (alias configured by machine type)\n" +
	"x86 EPYC-IBPB             (alias of EPYC-v2)\n" +
	"x86 EPYC-Milan            (alias configured by machine type)\n" +
	"x86 EPYC-Milan-v1         AMD EPYC-Milan Processor\n" +
	"x86 EPYC-Rome             (alias configured by machine type)\n" +
	"x86 EPYC-Rome-v1          AMD EPYC-Rome Processor\n" +
	"x86 EPYC-Rome-v2          AMD EPYC-Rome Processor\n" +
	"x86 EPYC-v1               AMD EPYC Processor\n" +
	"x86 EPYC-v2               AMD EPYC Processor (with IBPB)\n" +
	"x86 EPYC-v3               AMD EPYC Processor\n" +
	"x86 Haswell               (alias configured by machine type)\n" +
	"x86 Haswell-IBRS          (alias of Haswell-v3)\n" +
	"x86 Haswell-noTSX         (alias of Haswell-v2)\n" +
	"x86 Haswell-noTSX-IBRS    (alias of Haswell-v4)\n" +
	"x86 Haswell-v1            Intel Core Processor (Haswell)\n" +
	"x86 Haswell-v2            Intel Core Processor (Haswell, no TSX)\n" +
	"x86 Haswell-v3            Intel Core Processor (Haswell, IBRS)\n" +
	"x86 Haswell-v4            Intel Core Processor (Haswell, no TSX, IBRS)\n" +
	"x86 Icelake-Server        (alias configured by machine type)\n" +
	"x86 Icelake-Server-noTSX  (alias of Icelake-Server-v2)\n" +
	"x86 Icelake-Server-v1     Intel Xeon Processor (Icelake)\n" +
	"x86 Icelake-Server-v2     Intel Xeon Processor (Icelake) [no TSX]\n" +
	"x86 Icelake-Server-v3     Intel Xeon Processor (Icelake)\n" +
	"x86 Icelake-Server-v4     Intel Xeon Processor (Icelake)\n" +
	"x86 Icelake-Server-v5     Intel Xeon Processor (Icelake) [XSAVES]\n" +
	"x86 Icelake-Server-v6     Intel Xeon Processor (Icelake) [5-level EPT]\n" +
	"x86 IvyBridge             (alias configured by machine type)\n" +
	"x86 IvyBridge-IBRS        (alias of IvyBridge-v2)\n" +
	"x86 IvyBridge-v1          Intel Xeon E3-12xx v2 (Ivy Bridge)\n" +
	"x86 IvyBridge-v2          Intel Xeon E3-12xx v2 (Ivy Bridge, IBRS)\n" +
	"x86 KnightsMill           (alias configured by machine type)\n" +
	"x86 KnightsMill-v1        Intel Xeon Phi Processor (Knights Mill)\n" +
	"x86 Nehalem               (alias configured by machine type)\n" +
	"x86 Nehalem-IBRS          (alias of Nehalem-v2)\n" +
	"x86 Nehalem-v1            Intel Core i7 9xx (Nehalem Class Core i7)\n" +
	"x86 Nehalem-v2            Intel Core i7 9xx (Nehalem Core i7, IBRS update)\n" +
	"x86 Opteron_G1            (alias configured by machine type)\n" +
	"x86 Opteron_G1-v1         AMD Opteron 240 (Gen 1 Class Opteron)\n" +
	"x86 Opteron_G2            (alias configured by machine type)\n" +
	"x86 Opteron_G2-v1         AMD Opteron 22xx (Gen 2 Class Opteron)\n" +
	"x86 Opteron_G3            (alias configured by machine type)\n" +
	"x86 Opteron_G3-v1         AMD Opteron 23xx (Gen 3 Class Opteron)\n" +
	"x86 Opteron_G4            (alias configured by machine type)\n" +
	"x86 Opteron_G4-v1         AMD Opteron 62xx class CPU\n" +
	"x86 Opteron_G5            (alias configured by machine type)\n" +
	"x86 Opteron_G5-v1         AMD Opteron 63xx class CPU\n" +
	"x86 Penryn                (alias configured by machine type)\n" +
	"x86 Penryn-v1             Intel Core 2 Duo P9xxx (Penryn Class Core 2)\n" +
	"x86 SandyBridge           (alias configured by machine type)\n" +
	"x86 SandyBridge-IBRS      (alias of SandyBridge-v2)\n" +
	"x86 SandyBridge-v1        Intel Xeon E312xx (Sandy Bridge)\n" +
	"x86 SandyBridge-v2        Intel Xeon E312xx (Sandy Bridge, IBRS update)\n" +
	"x86 Skylake-Client        (alias configured by machine type)\n" +
	"x86 Skylake-Client-IBRS   (alias of Skylake-Client-v2)\n" +
	"x86 Skylake-Client-noTSX-IBRS  (alias of Skylake-Client-v3)\n" +
	"x86 Skylake-Client-v1     Intel Core Processor (Skylake)\n" +
	"x86 Skylake-Client-v2     Intel Core Processor (Skylake, IBRS)\n" +
	"x86 Skylake-Client-v3     Intel Core Processor (Skylake, IBRS, no TSX)\n" +
	"x86 Skylake-Client-v4     Intel Core Processor (Skylake, IBRS, no TSX) [IBRS, XSAVES, no TSX]\n" +
	"x86 Skylake-Server        (alias configured by machine type)\n" +
	"x86 Skylake-Server-IBRS   (alias of Skylake-Server-v2)\n" +
	"x86 Skylake-Server-noTSX-IBRS  (alias of Skylake-Server-v3)\n" +
	"x86 Skylake-Server-v1     Intel Xeon Processor (Skylake)\n" +
	"x86 Skylake-Server-v2     Intel Xeon Processor (Skylake, IBRS)\n" +
	"x86 Skylake-Server-v3     Intel Xeon Processor (Skylake, IBRS, no TSX)\n" +
	"x86 Skylake-Server-v4     Intel Xeon Processor (Skylake, IBRS, no TSX) [IBRS, EPT switching, no TSX]\n" +
	"x86 Skylake-Server-v5     Intel Xeon Processor (Skylake, IBRS, no TSX) [IBRS, XSAVES, EPT switching, no TSX]\n" +
	"x86 Snowridge             (alias configured by machine type)\n" +
	"x86 Snowridge-v1          Intel Atom Processor (SnowRidge)\n" +
	"x86 Snowridge-v2          Intel Atom Processor (Snowridge, no MPX)\n" +
	"x86 Snowridge-v3          Intel Atom Processor (Snowridge, no MPX) [XSAVES, no MPX]\n" +
	"x86 Snowridge-v4          Intel Atom Processor (Snowridge, no MPX) [no split lock detect, no core-capability]\n" +
	"x86 Westmere              (alias configured by machine type)\n" +
	"x86 Westmere-IBRS         (alias of Westmere-v2)\n" +
	"x86 Westmere-v1           Westmere E56xx/L56xx/X56xx (Nehalem-C)\n" +
	"x86 Westmere-v2           Westmere E56xx/L56xx/X56xx (IBRS update)\n" +
	"x86 athlon                (alias configured by machine type)\n" +
	"x86 athlon-v1             QEMU Virtual CPU version 2.5+\n" +
	"x86 core2duo              (alias configured by machine type)\n" +
	"x86 core2duo-v1           Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz\n" +
	"x86 coreduo               (alias configured by machine type)\n" +
	"x86 coreduo-v1            Genuine Intel(R) CPU           T2600  @ 2.16GHz\n" +
	"x86 kvm32                 (alias configured by machine type)\n" +
	"x86 kvm32-v1              Common 32-bit KVM processor\n" +
	"x86 kvm64                 (alias configured by machine type)\n" +
	"x86 kvm64-v1              Common KVM processor\n" +
	"x86 n270                  (alias configured by machine type)\n" +
	"x86 n270-v1               Intel(R) Atom(TM) CPU N270   @ 1.60GHz\n" +
	"x86 pentium               (alias configured by machine type)\n" +
	"x86 pentium-v1            \n" +
	"x86 pentium2              (alias configured by machine type)\n" +
	"x86 pentium2-v1           \n" +
	"x86 pentium3              (alias configured by machine type)\n" +
	"x86 pentium3-v1           \n" +
	"x86 phenom                (alias configured by machine type)\n" +
	"x86 phenom-v1             AMD Phenom(tm) 9550 Quad-Core Processor\n" +
	"x86 qemu32                (alias configured by machine type)\n" +
	"x86 qemu32-v1             QEMU Virtual CPU version 2.5+\n" +
	"x86 qemu64                (alias configured by machine type)\n" +
	"x86 qemu64-v1             QEMU Virtual CPU version 2.5+\n" +
	"x86 base                  base CPU model type with no features enabled\n" +
	"x86 host                  processor with all supported host features \n" +
	"x86 max                   Enables all features supported by the accelerator in the current host\n" +
	"\n" +
	"Recognized CPUID flags:\n" +
	"  3dnow 3dnowext 3dnowprefetch abm ace2 ace2-en acpi adx aes amd-no-ssb\n" +
	"  amd-ssbd amd-stibp amx-bf16 amx-int8 amx-tile apic arat arch-capabilities\n" +
	"  arch-lbr avic avx avx-vnni avx2 avx512-4fmaps avx512-4vnniw avx512-bf16\n" +
	"  avx512-fp16 avx512-vp2intersect avx512-vpopcntdq avx512bitalg avx512bw\n" +
	"  avx512cd avx512dq avx512er avx512f avx512ifma avx512pf avx512vbmi\n" +
	"  avx512vbmi2 avx512vl avx512vnni bmi1 bmi2 bus-lock-detect cid cldemote\n" +
	"  clflush clflushopt clwb clzero cmov cmp-legacy core-capability cr8legacy\n" +
	"  cx16 cx8 dca de decodeassists ds ds-cpl dtes64 erms est extapic f16c\n" +
	"  flushbyasid fma fma4 fpu fsgsbase fsrm full-width-write fxsr fxsr-opt\n" +
	"  gfni hle ht hypervisor ia64 ibpb ibrs ibrs-all ibs intel-pt intel-pt-lip\n" +
	"  invpcid invtsc kvm-asyncpf kvm-asyncpf-int kvm-hint-dedicated kvm-mmu\n" +
	"  kvm-msi-ext-dest-id kvm-nopiodelay kvm-poll-control kvm-pv-eoi kvm-pv-ipi\n" +
	"  kvm-pv-sched-yield kvm-pv-tlb-flush kvm-pv-unhalt kvm-steal-time kvmclock\n" +
	"  kvmclock kvmclock-stable-bit la57 lahf-lm lbrv lm lwp mca mce md-clear\n" +
	"  mds-no misalignsse mmx mmxext monitor movbe movdir64b movdiri mpx msr\n" +
	"  mtrr nodeid-msr npt nrip-save nx osvw pae pat pause-filter pbe pcid\n" +
	"  pclmulqdq pcommit pdcm pdpe1gb perfctr-core perfctr-nb pfthreshold pge\n" +
	"  phe phe-en pks pku pmm pmm-en pn pni popcnt pschange-mc-no pse pse36\n" +
	"  rdctl-no rdpid rdrand rdseed rdtscp rsba rtm sep serialize sgx sgx-debug\n" +
	"  sgx-exinfo sgx-kss sgx-mode64 sgx-provisionkey sgx-tokenkey sgx1 sgx2\n" +
	"  sgxlc sha-ni skinit skip-l1dfl-vmentry smap smep smx spec-ctrl\n" +
	"  split-lock-detect ss ssb-no ssbd sse sse2 sse4.1 sse4.2 sse4a ssse3 stibp\n" +
	"  svm svm-lock svme-addr-chk syscall taa-no tbm tce tm tm2 topoext tsc\n" +
	"  tsc-adjust tsc-deadline tsc-scale tsx-ctrl tsx-ldtrk umip v-vmsave-vmload\n" +
	"  vaes vgif virt-ssbd vmcb-clean vme vmx vmx-activity-hlt\n" +
	"  vmx-activity-shutdown vmx-activity-wait-sipi vmx-apicv-register\n" +
	"  vmx-apicv-vid vmx-apicv-x2apic vmx-apicv-xapic vmx-cr3-load-noexit\n" +
	"  vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit vmx-desc-exit\n" +
	"  vmx-encls-exit vmx-entry-ia32e-mode vmx-entry-load-bndcfgs\n" +
	"  vmx-entry-load-efer vmx-entry-load-pat vmx-entry-load-perf-global-ctrl\n" +
	"  vmx-entry-load-pkrs vmx-entry-load-rtit-ctl vmx-entry-noload-debugctl\n" +
	"  vmx-ept vmx-ept-1gb vmx-ept-2mb vmx-ept-advanced-exitinfo\n" +
	"  vmx-ept-execonly vmx-eptad vmx-eptp-switching vmx-exit-ack-intr\n" +
	"  vmx-exit-clear-bndcfgs vmx-exit-clear-rtit-ctl vmx-exit-load-efer\n" +
	"  vmx-exit-load-pat vmx-exit-load-perf-global-ctrl vmx-exit-load-pkrs\n" +
	"  vmx-exit-nosave-debugctl vmx-exit-save-efer vmx-exit-save-pat\n" +
	"  vmx-exit-save-preemption-timer vmx-flexpriority vmx-hlt-exit vmx-ins-outs\n" +
	"  vmx-intr-exit vmx-invept vmx-invept-all-context vmx-invept-single-context\n" +
	"  vmx-invept-single-context vmx-invept-single-context-noglobals\n" +
	"  vmx-invlpg-exit vmx-invpcid-exit vmx-invvpid vmx-invvpid-all-context\n" +
	"  vmx-invvpid-single-addr vmx-io-bitmap vmx-io-exit vmx-monitor-exit\n" +
	"  vmx-movdr-exit vmx-msr-bitmap vmx-mtf vmx-mwait-exit vmx-nmi-exit\n" +
	"  vmx-page-walk-4 vmx-page-walk-5 vmx-pause-exit vmx-ple vmx-pml\n" +
	"  vmx-posted-intr vmx-preemption-timer vmx-rdpmc-exit vmx-rdrand-exit\n" +
	"  vmx-rdseed-exit vmx-rdtsc-exit vmx-rdtscp-exit vmx-secondary-ctls\n" +
	"  vmx-shadow-vmcs vmx-store-lma vmx-true-ctls vmx-tsc-offset\n" +
	"  vmx-tsc-scaling vmx-unrestricted-guest vmx-vintr-pending vmx-vmfunc\n" +
	"  vmx-vmwrite-vmexit-fields vmx-vnmi vmx-vnmi-pending vmx-vpid\n" +
	"  vmx-wbinvd-exit vmx-xsaves vmx-zero-len-inject vpclmulqdq waitpkg\n" +
	"  wbnoinvd wdt x2apic xcrypt xcrypt-en xfd xgetbv1 xop xsave xsavec\n" +
	"  xsaveerptr xsaveopt xsaves xstore xstore-en xtpr\n" +
	"\n";
