# SPDX-License-Identifier: GPL-2.0
#
# make               build kmod/srext.ko (for KVER) and tools/srconf/srconf
# make KVER=x.y.z    build the module for that installed Debian kernel
# make check         install what is missing, build everything with warnings
#                    as errors, run every test, print "N passed, N failed"
# make check-rt      the same on the PREEMPT_RT 6.1 and 6.12 kernels only
# make check-debug   the whole suite on a debug kernel (KASAN, kmemleak,
#                    lockdep...) built from linux-source-6.12; long
# make demo          boot a VM and run the paper's testbed through a VNF
# make bench         the benchmark (bench/README.md) on 6.1 and 6.12, or on
#                    KVER=...; long, on an idle machine
# make bench-quick   every benchmark scenario once, small (make check runs it)
# make sparse        run sparse on the module
# make install       install the module (and depmod), srconf, its man page,
#                    bash completion and the rt_protos.d name of protocol 83
# make clean        remove what the builds made, but the cached debug kernel
#                    and QEMU; make distclean those too
# V=1 for verbose builds.

KVER ?= $(shell tools/kver.sh newest)
KDIR ?= /lib/modules/$(KVER)/build
SREXT_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
PREFIX ?= /usr/local
DESTDIR ?=

KBUILD_ARGS = -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror \
	      SREXT_VERSION=$(SREXT_VERSION)

.PHONY: all module srconf check check-debug check-rt demo bench bench-quick \
	sparse install clean distclean

all: module srconf

module:
	@test -n "$(KVER)" || { echo "Error: no Debian kernel with headers found; run 'tools/deps.sh build'." >&2; exit 1; }
	$(MAKE) $(KBUILD_ARGS) modules

srconf:
	$(MAKE) -C tools/srconf SREXT_VERSION=$(SREXT_VERSION)

sparse:
	$(MAKE) $(KBUILD_ARGS) C=2 CHECK=sparse modules

check:
	tools/check.sh

check-debug:
	tools/check-debug.sh

# The same on Debian's PREEMPT_RT 6.1 and 6.12 kernels only (make check runs
# them too, beside the others).
check-rt:
	@k1=$$(tools/kver.sh series 6.1 rt); k2=$$(tools/kver.sh series 6.12 rt); \
	if [ -z "$$k1" ] || [ -z "$$k2" ]; then \
		tools/deps.sh check && k1=$$(tools/kver.sh series 6.1 rt) && \
		k2=$$(tools/kver.sh series 6.12 rt); fi; \
	[ -n "$$k1" ] && [ -n "$$k2" ] || { echo "Error: no PREEMPT_RT 6.1 and 6.12 kernels with headers (tools/deps.sh check installs them)." >&2; exit 1; }; \
	KVERS="$$k1 $$k2" tools/check.sh

demo:
	tools/demo/run.sh

# The full benchmark: KVER given on the command line or in the environment
# picks one kernel, else the newest 6.1 and 6.12.
bench:
	@tools/deps.sh check || exit 1; \
	case "$(origin KVER)" in \
	"command line" | environment) bench/run -k "$(KVER)" ;; \
	*) k1=$$(tools/kver.sh series 6.1); k2=$$(tools/kver.sh series 6.12); \
	   [ -n "$$k1" ] && [ -n "$$k2" ] || { echo "Error: no Debian 6.1 and 6.12 kernels with headers (tools/deps.sh check installs them)." >&2; exit 1; }; \
	   bench/run -k "$$k1" && bench/run -k "$$k2" ;; \
	esac

bench-quick:
	@tools/deps.sh check || exit 1; bench/run -q -k "$(KVER)"

install: all
	$(MAKE) $(KBUILD_ARGS) INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	@# Debian's headers have no System.map, so kbuild skips depmod.
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(KVER)
	install -D -m 0755 tools/srconf/srconf $(DESTDIR)$(PREFIX)/sbin/srconf
	install -D -m 0644 tools/srconf/srconf.8 $(DESTDIR)$(PREFIX)/share/man/man8/srconf.8
	install -D -m 0644 tools/srconf/srconf.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/srconf
	install -D -m 0644 tools/srconf/rt_protos.conf \
		$(DESTDIR)/etc/iproute2/rt_protos.d/srconf.conf

# The debug kernel (about 20 minutes to build) and the multi-threaded QEMU
# stay for make check-debug and make check; make distclean removes them too.
clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/srconf clean
	[ ! -d build ] || find build -mindepth 1 -maxdepth 1 ! -name debug-kernel \
		! -name qemu-mttcg -exec rm -rf {} +

distclean: clean
	rm -rf build
