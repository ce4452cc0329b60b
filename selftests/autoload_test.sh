#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# After `make install`, the first srconf command loads srext.ko on demand:
# opening the generic netlink family "SREXT" makes the kernel request
# net-pf-16-proto-16-family-SREXT, the alias MODULE_ALIAS_GENL_FAMILY gives
# the module.
#
# The guest's /lib/modules is the host's, read-only: the test mounts a
# tmpfs over /lib/modules/$KVER for its duration, installs srext.ko there
# as `make install` does (extra/, then depmod), and unmounts it at the end.
# No network namespace, no traffic.
#
# Asserts: the module carries the alias; depmod resolves the alias to
# srext; with srext unloaded, `srconf sid show` exits 0, prints an empty
# table and leaves srext loaded; rmmod then works.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ALIAS=net-pf-16-proto-16-family-SREXT

ktap_header
require_root
srext_require
require_cmd depmod modinfo modprobe
ktap_plan 7

mods=/lib/modules/$KVER
mounted=0
unmount_mods() {
	[ "$mounted" = 1 ] && umount "$mods" && mounted=0
}
CLEANUP_HOOKS+=(unmount_mods)

check_eq "srext.ko carries the alias $ALIAS" "$ALIAS" \
	"$(modinfo -F alias "$SREXT_KO" | grep -x "$ALIAS")"

if srext_loaded; then
	rmmod srext || ktap_bail "cannot unload srext before the test"
fi
# Keep the kernel's own index files so depmod sees a whole tree.
mkdir -p "$TMPD/keep"
cp "$mods"/modules.builtin* "$mods"/modules.order "$TMPD/keep/" 2>/dev/null
mount -t tmpfs srext-modules "$mods" || ktap_bail "cannot mount a tmpfs on $mods"
mounted=1
cp "$TMPD"/keep/* "$mods/" 2>/dev/null
mkdir -p "$mods/extra"
cp "$SREXT_KO" "$mods/extra/srext.ko"
check_cmd "depmod -a $KVER" depmod -a "$KVER"
check_eq "modprobe resolves $ALIAS to srext" srext \
	"$(modprobe -R "$ALIAS" 2>&1)"

check_cmd "srconf sid show with srext unloaded exits 0" srconf sid show
check_eq "srconf sid show prints an empty table" "" "$RUN_OUT"
if srext_loaded; then
	ktap_ok "srconf loaded srext on demand"
else
	ktap_fail "srconf loaded srext on demand"
fi
unmount_mods
check_cmd "rmmod srext" rmmod srext
srext_load
ktap_finish
