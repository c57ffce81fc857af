# Crash hotplug for Linux 6.1 LTS: the two commands, and the pieces.
.PHONY: demo test deps workspace export kernel initramfs check-series stress-debug torture bench clean
# DEMO_ARCH: the older name of ARCH for make demo
ARCH ?= $(or $(DEMO_ARCH),x86_64)
VARIANT ?= patched

demo:                   ## build, boot, hotplug, crash, show the dump
	bash scripts/demo.sh $(ARCH)
test:                   ## the whole test suite (what CI runs)
	bash scripts/test.sh
deps:
	bash scripts/deps.sh
workspace: deps         ## work/linux = Debian 6.1 + patches/series
	bash scripts/workspace.sh
export:                 ## work/linux commits -> patches/
	bash scripts/export-patches.sh
check-series: workspace ## every patch: checkpatch --strict, builds x86_64 + ppc64le
	bash scripts/check-series.sh
kernel:                 ## one kernel: make kernel ARCH=ppc64le VARIANT=unpatched
	bash scripts/build-kernel.sh $(ARCH) $(VARIANT)
initramfs:
	bash scripts/initramfs.sh $(ARCH)
stress-debug: workspace ## stress scenario on a lockdep + KASAN build (slow)
	bash scripts/stress-debug.sh
torture: workspace      ## crash at random moments of a churn, BOOTS=50 per arch (slow)
	bash scripts/torture.sh

bench: workspace        ## in-kernel update vs udev reload, side by side (x86_64, slow)
	bash scripts/build-kernel.sh x86_64 patched
	bash scripts/initramfs.sh x86_64
	bash scripts/bench.sh $(BENCH_KERNELS)
clean:
	rm -rf work/build work/results work/tools work/initramfs-*
