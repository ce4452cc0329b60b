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
k=${KVER:-$(tools/kver.sh newest)}
[ -n "$k" ] || { echo "Error: no Debian kernel with headers and image installed (tools/deps.sh build)." >&2; exit 1; }

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
