#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the whole selftest suite on a debug kernel built from
# Debian's linux-source-6.12 (tools/debug-kernel: KASAN, kmemleak, lockdep,
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, netdev and netns refcount trackers, UBSAN,
# debugobjects), with a kmemleak scan after each test. Any report fails the
# test during which it appeared. Ends with "N passed, N failed, N skipped".
#
# The first run builds the kernel (21 minutes on two otherwise idle cores,
# cached under build/debug-kernel/); the suite then takes about six times
# as long as on a Debian kernel (KASAN and lockdep under TCG).
# TESTS="selftests/a_test.sh ..." runs a subset; SREXT_VM_JOBS=N runs the
# tests in N VMs at once (default: the CPUs), the concurrency tests in one
# more with both vCPUs at once, the packet fuzzer in PACKET_FUZZ_VMS more
# (default 1) on mutants made on the host (PACKET_FUZZ_COUNT, _SEED: per VM).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tools/check-lib.sh
. tools/check-lib.sh

echo "# Installing missing packages"
if ! tools/deps.sh debug; then
	echo "Error: could not install the packages the debug kernel needs." >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# Building the debug kernel (cached in build/debug-kernel)"
if ! kver=$(tools/debug-kernel/build.sh 2>build/debug-kernel.log | tail -n 1) || [ -z "$kver" ]; then
	tail -n 40 build/debug-kernel.log
	echo "Error: the debug kernel did not build (build/debug-kernel.log)." >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# Building srext.ko for $kver (W=1, warnings are errors)"
mkdir -p "build/$kver"
if ! KDIR=$top/build/debug-kernel/obj tools/build-kmod.sh "$kver" >"build/$kver/build.log" 2>&1; then
	cat "build/$kver/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
make -s -C tools/srconf >/dev/null || { echo "0 passed, 1 failed"; exit 1; }

tests=${TESTS:-$(ls tools/vm/selftest/smoke_test.sh selftests/*_test.sh)}
# SREXT_VM_JOBS VMs at once (default: the number of CPUs; TCG runs a guest
# on one host thread): the single-threaded tests dealt out among them in
# turn, and the concurrency tests in one more VM of their own with both
# vCPUs running at once (as make check: tools/check-lib.sh), queued for the
# first free slot.
vm_jobs=${SREXT_VM_JOBS:-$(nproc)}
case $vm_jobs in
'' | *[!0-9]* | 0) echo "Error: SREXT_VM_JOBS=$vm_jobs: a number of VMs, at least 1." >&2
	echo "0 passed, 1 failed"
	exit 1 ;;
esac
split_vm_tests "$tests"
# The packet fuzzer runs in PACKET_FUZZ_VMS VMs of its own (default 1),
# each on mutants of its own, made here at native speed (the guest's Python
# under TCG takes longer than the debug kernel's handling of them):
# PACKET_FUZZ_COUNT towards the SIDs and half as many back, per VM, seeds
# 16 apart (a run uses SEED to SEED + 5).
fuzz_vms=0
case "$main_tests " in
*" selftests/packet_fuzz_test.sh "*)
	main_tests=$(echo "$main_tests " | sed 's| selftests/packet_fuzz_test.sh | |')
	fuzz_vms=${PACKET_FUZZ_VMS:-1}
	case $fuzz_vms in
	'' | *[!0-9]* | 0) echo "Error: PACKET_FUZZ_VMS=$fuzz_vms: a number of VMs, at least 1." >&2
		echo "0 passed, 1 failed"
		exit 1 ;;
	esac
	;;
esac
out=build/$kver/vm
rm -rf "$out"
mkdir -p "$out"
declare -a part
i=0
for t in $main_tests; do
	part[i % vm_jobs]+=" $t"
	i=$((i + 1))
done
runs=("${!part[@]}")
if [ "$fuzz_vms" -gt 0 ]; then
	seed=${PACKET_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
	count=${PACKET_FUZZ_COUNT:-20000}
	corpus=$top/build/fuzz-corpus
	rm -rf "$corpus"
	for ((k = 0; k < fuzz_vms; k++)); do
		echo "# Packet fuzzer VM $k: $count mutants (seed $((seed + 16 * k))) into $corpus/$k"
		if ! PACKET_FUZZ_SEED=$((seed + 16 * k)) PACKET_FUZZ_COUNT=$count \
			selftests/packet_fuzz_test.sh --make-corpus "$corpus/$k"; then
			echo "0 passed, 1 failed"
			exit 1
		fi
		runs+=("fuzz$k")
	done
fi
[ -z "$multi_tests" ] || runs+=(mttcg)
# Test budgets, and the tests' waits for the kernel (SREXT_TIME_SCALE), x6.
# flow_gc_test fills 65536 flows, not a million (the Debian kernels prove
# that size): here each takes 3.5 ms to add, and a pass over 262144 took
# 7.6 s with 1034 yields, so a quarter of that still has many to check.
scale=${SREXT_VM_BUDGET_SCALE:-6}
vm_args=(-k "$kver" -K build/debug-kernel/obj/vmlinux -M build/debug-kernel/root
	-m "build/$kver/kmod/srext.ko" -e "SREXT_TIME_SCALE=$scale"
	-e "FLOW_GC_FLOWS=${FLOW_GC_FLOWS:-65536}")
# start_vm RUN: starts that run in the background.
start_vm() {
	local r=$1 k
	case $r in
	mttcg)
		# shellcheck disable=SC2086 # one word per test
		SREXT_VM_QEMU=$qemu_multi SREXT_VM_TCG_THREAD=multi \
			SREXT_VM_MEM=${SREXT_VM_MEM:-2048} SREXT_VM_BUDGET_SCALE=$scale \
			tools/vm/run -o "$out/$r" "${vm_args[@]}" $multi_tests \
			</dev/null >"$out/$r.log" 2>&1 & ;;
	fuzz*)
		k=${r#fuzz}
		SREXT_VM_TCG_THREAD=single \
			SREXT_VM_MEM=${SREXT_VM_MEM:-2048} SREXT_VM_BUDGET_SCALE=$scale \
			tools/vm/run -o "$out/$r" "${vm_args[@]}" \
			-e "PACKET_FUZZ_SEED=$((seed + 16 * k))" -e "PACKET_FUZZ_COUNT=$count" \
			-e "PACKET_FUZZ_CORPUS=$corpus/$k" selftests/packet_fuzz_test.sh \
			</dev/null >"$out/$r.log" 2>&1 & ;;
	*)
		# shellcheck disable=SC2086 # one word per test
		SREXT_VM_TCG_THREAD=single \
			SREXT_VM_MEM=${SREXT_VM_MEM:-2048} SREXT_VM_BUDGET_SCALE=$scale \
			tools/vm/run -o "$out/$r" "${vm_args[@]}" ${part[r]} \
			</dev/null >"$out/$r.log" 2>&1 & ;;
	esac
	vm_pid[$r]=$!
}
start_vms "${runs[@]}"
for r in "${runs[@]}"; do
	tcg=single
	[ "$r" = mttcg ] && tcg=multi
	wait_vm "$r" "$out/$r" "$out/$r.log" "$tcg"
	cat "$out/$r.log"
	add_summary "$out/$r" "VM run $r"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
