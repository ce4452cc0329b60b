#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/debug-kernel/build.sh: build (or reuse) the debug kernel of
# `make check-debug` from Debian's linux-source-6.12, into build/debug-kernel/:
#   src/          the unpacked source
#   obj/          the build tree (KDIR for srext.ko; vmlinux, .config)
#   root/lib/modules/KVER/   modules.builtin & co. for modprobe in the guest
#   kver          the kernel release it reports (uname -r)
# Reused as long as the source package and tools/debug-kernel/debug.config
# are unchanged (build/debug-kernel/key). Takes long the first time: 21
# minutes on two otherwise idle cores (6.12.118). Prints the kernel release
# on the last line.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/debug-kernel
out=$top/build/debug-kernel
tarball=/usr/src/linux-source-6.12.tar.xz
frag=$here/debug.config

if [ ! -r "$tarball" ]; then
	echo "Error: $tarball is missing: tools/deps.sh debug installs linux-source-6.12." >&2
	exit 1
fi
mkdir -p "$out"
key=$( { stat -L -c '%n %s %Y' "$tarball"; sha256sum "$frag"; } | sha256sum | cut -d' ' -f1)
if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] && [ -f "$out/obj/vmlinux" ]; then
	cat "$out/kver"
	exit 0
fi
rm -f "$out/key"

if [ ! -f "$out/src/Makefile" ]; then
	echo "# Unpacking $tarball" >&2
	rm -rf "$out/src" "$out/unpack"
	mkdir -p "$out/unpack"
	tar -C "$out/unpack" -xf "$tarball"
	mv "$out/unpack"/linux-source-6.12 "$out/src"
	rmdir "$out/unpack"
fi

k=(make -C "$out/src" O="$out/obj" -j"$(nproc)")
echo "# Configuring: x86_64_defconfig + $frag" >&2
mkdir -p "$out/obj"
"${k[@]}" -s x86_64_defconfig >&2
"$out/src/scripts/kconfig/merge_config.sh" -m -O "$out/obj" "$out/obj/.config" "$frag" >&2
"${k[@]}" -s olddefconfig >&2
# Every line of the fragment must have survived (a dependency Kconfig
# dropped silently would make the kernel test less than it claims).
bad=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "$opt=y" "$out/obj/.config" && { echo "Error: $opt is still y" >&2; bad=1; }
	else
		grep -qxF "$line" "$out/obj/.config" || { echo "Error: $line did not survive olddefconfig" >&2; bad=1; }
	fi
done <"$frag"
[ "$bad" = 0 ] || exit 1

echo "# Building the debug kernel (long)" >&2
"${k[@]}" vmlinux bzImage modules >&2
kver=$("${k[@]}" -s kernelrelease)
rm -rf "$out/root"
"${k[@]}" -s INSTALL_MOD_PATH="$out/root" modules_install >&2
echo "$kver" >"$out/kver"
echo "$key" >"$out/key"
echo "$kver"
