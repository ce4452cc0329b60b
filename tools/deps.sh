#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian 12 packages srext needs to build and test, when they
# are missing: idempotent, non-interactive, nothing done when all are there.
#
#   tools/deps.sh build    compile the module and srconf
#   tools/deps.sh check    build + run every test (QEMU, all kernels)
#   tools/deps.sh debug    check + what building the debug kernel needs
set -euo pipefail

build_pkgs=(
	gcc make libc6-dev pkg-config git
	libnl-3-dev libnl-genl-3-dev
	sparse
)
# Kernel images and headers of the Debian kernels we support (6.1 and 6.12,
# each also PREEMPT_RT), installed in one apt run so that images and
# headers match.
kernel_pkgs=(
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-rt-amd64 linux-headers-rt-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
)
test_pkgs=(
	qemu-system-x86 busybox-static kmod xz-utils zstd cpio
	iproute2 iputils-ping tcpdump nftables socat iperf3 jq
	python3 procps util-linux valgrind ethtool
	clang libclang-rt-dev bash-completion
	gnuplot-nox
)

debug_pkgs=(
	linux-source-6.12 flex bison bc libelf-dev libssl-dev
)

case "${1:-check}" in
build) want=("${build_pkgs[@]}" "${kernel_pkgs[@]}") ;;
check|demo) want=("${build_pkgs[@]}" "${kernel_pkgs[@]}" "${test_pkgs[@]}") ;;
debug) want=("${build_pkgs[@]}" "${kernel_pkgs[@]}" "${test_pkgs[@]}" "${debug_pkgs[@]}") ;;
*) echo "usage: $0 build|check|demo|debug" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Error: missing packages: ${missing[*]}; run as root or install them." >&2
	exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
