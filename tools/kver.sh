#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the Debian kernel versions we can build for and boot: those with
# both /lib/modules/KVER/build and /boot/vmlinuz-KVER. Never `uname -r`: the
# host kernel here is not one we can load modules into.
#
#   tools/kver.sh newest        the newest such kernel
#   tools/kver.sh series 6.1    the newest 6.1.x such kernel
#   tools/kver.sh all           all of them, oldest first
set -euo pipefail

usable() {
	local d k
	for d in /lib/modules/*/; do
		k=$(basename "$d")
		[ -d "$d/build" ] && [ -e "/boot/vmlinuz-$k" ] && echo "$k"
	done | sort -V
}

case "${1:-newest}" in
newest) usable | tail -n 1 ;;
all) usable ;;
series)
	[ -n "${2:-}" ] || { echo "usage: $0 series MAJOR.MINOR" >&2; exit 2; }
	usable | grep -E "^${2//./\\.}(\.|-)" | tail -n 1 ;;
*) echo "usage: $0 newest|all|series MAJOR.MINOR" >&2; exit 2 ;;
esac
