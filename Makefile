# Crash hotplug for Linux 6.1 LTS: the two commands, and the pieces.
# ARCH: a guest arch, one of arch/*.conf (default: the host's own).
.PHONY: demo test deps workspace export kernel initramfs prepare run check-series stress-debug torture bench profile scaling peer crash fuzz deb clean
# DEMO_ARCH: the older name of ARCH for make demo
ARCH ?= $(or $(DEMO_ARCH),$(shell uname -m))
VARIANT ?= patched
LOAD ?= file

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
check-series: workspace ## every patch: checkpatch --strict, builds for the arches it can affect
	bash scripts/check-series.sh
kernel:                 ## one kernel: make kernel ARCH=... VARIANT=unpatched
	bash scripts/build-kernel.sh $(ARCH) $(VARIANT)
initramfs:
	bash scripts/initramfs.sh $(ARCH)
prepare:                ## everything a run needs: make prepare ARCH=... VARIANT=...
	bash scripts/prepare.sh $(ARCH) $(VARIANT)
run:                    ## one scenario: make run ARCH=... VARIANT=... SCENARIO=mem-add [LOAD=file]
	@[ -n "$(SCENARIO)" ] || { echo "make run: SCENARIO= (one of scenarios/*.sh)" >&2; exit 2; }
	bash scripts/prepare.sh $(ARCH) $(VARIANT)
	bash scripts/run-scenario.sh $(ARCH) $(VARIANT) $(SCENARIO) $(LOAD)
stress-debug: workspace ## stress scenario on a lockdep + KASAN build (slow)
	bash scripts/stress-debug.sh
torture: workspace      ## crash at random moments of a churn, BOOTS=50 per arch (slow)
	bash scripts/torture.sh
peer: workspace         ## mainline 6.12 side by side with the series: tests/peer -> docs/peer-ARCH.txt (slow)
	bash scripts/peer.sh
fuzz: workspace         ## bad input and allocation failures on the lockdep + KASAN build: tests/fuzz -> docs/fuzz-ARCH.txt (slow)
	bash scripts/fuzz.sh
crash: workspace        ## crash(8) on every dump (arches with CRASH_CHECK=yes), kernels with debug info: tests/crash -> docs/crash-ARCH.txt (slow)
	bash scripts/crash-rows.sh
deb:                    ## README "Using it on Debian 12" step 1: make bindeb-pkg, the packaged kernel runs tests/deb -> docs/deb-ARCH.txt (slow)
	bash scripts/deb.sh
bench: workspace        ## unpatched (udev reloads), mainline 6.12 and the series side by side, crashkernel=256M and 1G (slow)
	bash scripts/prepare.sh $${BENCH_ARCH:-$$(bash scripts/arches.sh BENCH=yes | head -n1)} $(or $(BENCH_VARIANTS),unpatched mainline patched)
	bash bench/run.sh $(BENCH_KERNELS)
profile: workspace      ## where an update's time goes, per kernel (function graph): make profile BENCH_KERNELS="..."
	bash scripts/prepare.sh $${BENCH_ARCH:-$$(bash scripts/arches.sh BENCH=yes | head -n1)} patched
	bash bench/profile.sh $(BENCH_KERNELS)
scaling: workspace      ## an update's range-dependent cost to CONFIG_CRASH_MAX_MEMORY_RANGES (KUnit crash_update_cost), fitted
	bash scripts/prepare.sh $${BENCH_ARCH:-$$(bash scripts/arches.sh BENCH=yes | head -n1)} patched
	bash scripts/run-scenario.sh $${BENCH_ARCH:-$$(bash scripts/arches.sh BENCH=yes | head -n1)} patched baseline file
	bash bench/scaling.sh
clean:
	rm -rf work/build work/results work/tools work/initramfs-*
