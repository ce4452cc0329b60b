#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of "make demo": build srext.ko (tools/build-kmod.sh) and srconf
# for one installed Debian kernel, boot it with tools/vm/run and run
# tools/demo/demo.sh in the guest; its account is printed here.
#
#   tools/demo/run.sh            newest kernel (tools/kver.sh newest)
#   KVER=6.1.0-56-amd64 tools/demo/run.sh
#
# Results stay in build/KVER/demo/ (demo.log, demo.dmesg, console.log).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
# Whatever ends this script early says why on stderr.
trap 'rc=$?; [ "$rc" -eq 0 ] || echo "demo: failed (exit status $rc); see the messages above." >&2' EXIT

echo "# Installing missing packages (tools/deps.sh demo)"
if ! tools/deps.sh demo; then
	echo "Error: could not install the packages the demo needs (tools/deps.sh demo)." >&2
	exit 1
fi
k=${KVER:-$(tools/kver.sh newest)}
if [ -z "$k" ]; then
	echo "Error: no Debian kernel with both /lib/modules/KVER/build and /boot/vmlinuz-KVER;" \
		"tools/deps.sh installs linux-image-amd64 and linux-headers-amd64." >&2
	exit 1
fi

mkdir -p "build/$k"
echo "# Building srext.ko for $k and srconf"
if ! tools/build-kmod.sh "$k" >"build/$k/build.log" 2>&1; then
	cat "build/$k/build.log"
	exit 1
fi
make -s -C tools/srconf

echo "# Booting $k (QEMU, TCG) and running the demo: about a minute"
exec tools/vm/run -k "$k" -o "$top/build/$k/demo" -m "$top/build/$k/kmod/srext.ko" \
	tools/demo/demo.sh
