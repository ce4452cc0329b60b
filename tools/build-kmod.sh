#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [KDIR=DIR] tools/build-kmod.sh KVER [make arguments...]
#
# Builds srext.ko for one installed kernel into build/KVER/kmod/srext.ko with
# W=1 and warnings as errors. The build runs in a tree of links to the
# sources, so builds for different kernels never share objects. Extra
# arguments go to kbuild (e.g. C=2 CHECK=sparse).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 KVER [make arguments...]" >&2; exit 2; }
k=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=${KDIR:-/lib/modules/$k/build}
[ -d "$kdir" ] || { echo "Error: no headers for kernel \"$k\" ($kdir)." >&2; exit 1; }

out=$top/build/$k
mkdir -p "$out"
# One build per kernel at a time: a second one would remove the first's tree.
exec 9>"$out/.lock"
flock 9
rm -rf "$out/kmod" "$out/Kbuild"
mkdir -p "$out/kmod"
ln -s "$top/Kbuild" "$out/Kbuild"
for f in "$top"/kmod/*.c "$top"/kmod/*.h "$top/kmod/Kbuild"; do
	ln -s "$f" "$out/kmod/$(basename "$f")"
done
ln -s "$top/kmod/uapi" "$out/kmod/uapi"
version=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
make -C "$kdir" M="$out" W=1 KCFLAGS=-Werror SREXT_VERSION="$version" "$@" modules
