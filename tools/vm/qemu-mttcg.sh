#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vm/qemu-mttcg.sh: a QEMU that runs x86 guests with multi-threaded
# TCG (-accel tcg,thread=multi) without the guest oopsing on a stray int3:
# Debian 12's QEMU 7.2 leaves one behind when the guest patches its text
# (static keys, flipped on every first netfilter hook of a namespace) while
# the other vCPU runs it (seen: "Oops: int3" in ipv6_rcv during churn_test,
# and at boot). QEMU 10 from bookworm-backports does so far more rarely
# (seen once, in ipv6_rcv during churn_test on 6.12, 2026-12-06).
#
# Downloads qemu-system-x86, qemu-system-common, qemu-system-data and
# seabios from bookworm-backports with a private apt state (the system's
# sources and packages are left alone) and unpacks them under
# build/qemu-mttcg/; reused once there. Prints the path of a wrapper that
# runs that QEMU with its own firmware directories: give it to tools/vm/run
# as SREXT_VM_QEMU.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
d=$top/build/qemu-mttcg
suite=bookworm-backports
pkgs=(qemu-system-x86 qemu-system-common qemu-system-data seabios)
wrapper=$d/qemu-system-x86_64

# works: the wrapper starts a machine with multi-threaded TCG and quits.
works() {
	echo quit | timeout 60 "$wrapper" -M pc -accel tcg,thread=multi -smp 2 -nodefaults \
		-display none -S -monitor stdio >"$d/probe.log" 2>&1 ||
		{ cat "$d/probe.log" >&2; return 1; }
}

if [ -x "$wrapper" ] && works 2>/dev/null; then
	echo "$wrapper"
	exit 0
fi
rm -rf "$d"
mkdir -p "$d/apt/lists/partial" "$d/apt/cache/archives/partial" "$d/debs" "$d/root"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
	>"$d/apt/sources.list"
# Only that source, a state of its own, and none of the system's update
# hooks (they would clean or refresh the system's caches).
apt_opts=(-o "Dir::Etc::SourceList=$d/apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::State::Lists=$d/apt/lists" -o "Dir::Cache=$d/apt/cache"
	-o "APT::Update::Post-Invoke::=" -o "APT::Update::Post-Invoke-Success::="
	-o "APT::Sandbox::User=root" -q)
if ! apt-get "${apt_opts[@]}" update >"$d/apt.log" 2>&1 ||
	! (cd "$d/debs" && apt-get "${apt_opts[@]}" download "${pkgs[@]/%//$suite}") >>"$d/apt.log" 2>&1; then
	cat "$d/apt.log" >&2
	echo "Error: could not download ${pkgs[*]} from $suite (log above)." >&2
	exit 1
fi
for deb in "$d"/debs/*.deb; do
	dpkg-deb -x "$deb" "$d/root"
done
{
	echo '#!/bin/sh'
	printf 'exec %q -L %q -L %q "$@"\n' "$d/root/usr/bin/qemu-system-x86_64" \
		"$d/root/usr/share/qemu" "$d/root/usr/share/seabios"
} >"$wrapper"
chmod +x "$wrapper"
if ! works; then
	echo "Error: the QEMU unpacked from $suite does not run here (above)." >&2
	rm -f "$wrapper"
	exit 1
fi
echo "# $("$wrapper" --version | head -n 1)" >&2
echo "$wrapper"
