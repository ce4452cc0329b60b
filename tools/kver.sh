#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the Debian kernel versions we can build for and boot: those with
# both /lib/modules/KVER/build and /boot/vmlinuz-KVER. Never `uname -r`: the
# host kernel here is not one we can load modules into.
#
#   tools/kver.sh newest        the newest such kernel (not PREEMPT_RT)
#   tools/kver.sh series 6.1    the newest 6.1.x such kernel (not PREEMPT_RT)
#   tools/kver.sh series 6.1 rt the newest 6.1.x PREEMPT_RT one (-rt-)
#   tools/kver.sh all           all of them, oldest first
set -euo pipefail

# Prints nothing, successfully, when there is none (a fresh machine has no
# /lib/modules at all): callers say what is missing.
usable() {
	local d k
	for d in /lib/modules/*/; do
		k=$(basename "$d")
		if [ -d "$d/build" ] && [ -e "/boot/vmlinuz-$k" ]; then
			echo "$k"
		fi
	done | sort -V
}

case "${1:-newest}" in
newest) usable | { grep -v -- -rt- || true; } | tail -n 1 ;;
all) usable ;;
series)
	[ -n "${2:-}" ] || { echo "usage: $0 series MAJOR.MINOR" >&2; exit 2; }
	if [ "${3:-}" = rt ]; then
		usable | { grep -E "^${2//./\\.}(\.|-).*-rt-" || true; } | tail -n 1
	else
		usable | { grep -E "^${2//./\\.}(\.|-)" | grep -v -- -rt- || true; } | tail -n 1
	fi ;;
*) echo "usage: $0 newest|all|series MAJOR.MINOR" >&2; exit 2 ;;
esac
