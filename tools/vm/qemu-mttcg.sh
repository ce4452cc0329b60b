#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vm/qemu-mttcg.sh: a QEMU that runs x86 guests with multi-threaded
# TCG (-accel tcg,thread=multi) without the guest oopsing on a stray int3:
# Debian 12's QEMU 7.2 leaves one behind when the guest patches its text
# (static keys, flipped on every first netfilter hook of a namespace) while
# the other vCPU runs it (seen: "Oops: int3" in ipv6_rcv during churn_test,
# and at boot). QEMU 10 from bookworm-backports does not.
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

if [ -x "$wrapper" ] && "$wrapper" --version >/dev/null 2>&1; then
	echo "$wrapper"
	exit 0
fi
rm -rf "$d"
mkdir -p "$d/apt/lists/partial" "$d/apt/cache/archives/partial" "$d/debs" "$d/root"
echo "deb http://deb.debian.org/debian $suite main" >"$d/apt/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$d/apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::State::Lists=$d/apt/lists" -o "Dir::Cache=$d/apt/cache"
	-o "APT::Sandbox::User=root" -q)
if ! apt-get "${apt_opts[@]}" update >"$d/apt.log" 2>&1 ||
	! (cd "$d/debs" && apt-get "${apt_opts[@]}" download "${pkgs[@]}") >>"$d/apt.log" 2>&1; then
	cat "$d/apt.log" >&2
	echo "Error: could not download ${pkgs[*]} from $suite (log above)." >&2
	exit 1
fi
for deb in "$d"/debs/*.deb; do
	dpkg-deb -x "$deb" "$d/root"
done
cat >"$wrapper" <<EOF
#!/bin/sh
exec "$d/root/usr/bin/qemu-system-x86_64" -L "$d/root/usr/share/qemu" -L "$d/root/usr/share/seabios" "\$@"
EOF
chmod +x "$wrapper"
if ! out=$("$wrapper" --version 2>&1); then
	echo "$out" >&2
	echo "Error: the QEMU unpacked from $suite does not run here (above)." >&2
	exit 1
fi
echo "# ${out%%$'\n'*}" >&2
echo "$wrapper"
