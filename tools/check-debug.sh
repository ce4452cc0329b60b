#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the whole selftest suite on a debug kernel built from
# Debian's linux-source-6.12 (tools/debug-kernel: KASAN, kmemleak, lockdep,
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, netdev and netns refcount trackers, UBSAN,
# debugobjects), with a kmemleak scan after each test. Any report fails the
# test during which it appeared. Ends with "N passed, N failed, N skipped".
#
# The first run builds the kernel (about an hour on two cores, cached under
# build/debug-kernel/); the suite then takes longer than on the Debian
# kernels (KASAN under TCG). TESTS="selftests/a_test.sh ..." runs a subset;
# SREXT_VM_JOBS=N runs the tests in N VMs at once (default: the CPUs);
# the packet fuzzer's mutants are made on the host (PACKET_FUZZ_COUNT, _SEED).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

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
# on one host thread), the tests dealt out among them in turn.
vm_jobs=${SREXT_VM_JOBS:-$(nproc)}
case $vm_jobs in
'' | *[!0-9]* | 0) echo "Error: SREXT_VM_JOBS=$vm_jobs: a number of VMs, at least 1." >&2
	echo "0 passed, 1 failed"
	exit 1 ;;
esac
out=build/$kver/vm
rm -rf "$out"
mkdir -p "$out"
declare -a part
i=0
for t in $tests; do
	part[i % vm_jobs]+=" $t"
	i=$((i + 1))
done
# The packet fuzzer's mutants are made here, at native speed (the guest's
# Python under TCG takes longer than the debug kernel's handling of them):
# PACKET_FUZZ_COUNT=1000000 is then a matter of the kernel alone.
fuzz=()
case " $tests " in
*/packet_fuzz_test.sh\ *)
	seed=${PACKET_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
	count=${PACKET_FUZZ_COUNT:-20000}
	corpus=$top/build/fuzz-corpus
	echo "# Packet fuzzer: $count mutants (seed $seed) into $corpus"
	rm -rf "$corpus"
	if ! PACKET_FUZZ_SEED=$seed PACKET_FUZZ_COUNT=$count \
		selftests/packet_fuzz_test.sh --make-corpus "$corpus"; then
		echo "0 passed, 1 failed"
		exit 1
	fi
	fuzz=(-e "PACKET_FUZZ_SEED=$seed" -e "PACKET_FUZZ_COUNT=$count" -e "PACKET_FUZZ_CORPUS=$corpus")
	;;
esac
# Test budgets, and the tests' waits for the kernel (SREXT_TIME_SCALE), x6.
scale=${SREXT_VM_BUDGET_SCALE:-6}
pids=()
for j in "${!part[@]}"; do
	# shellcheck disable=SC2086 # one word per test
	SREXT_VM_MEM=${SREXT_VM_MEM:-2048} SREXT_VM_BUDGET_SCALE=$scale \
		tools/vm/run -k "$kver" -K build/debug-kernel/obj/vmlinux -M build/debug-kernel/root \
		-o "$out/$j" -m "build/$kver/kmod/srext.ko" -e "SREXT_TIME_SCALE=$scale" \
		${fuzz[@]+"${fuzz[@]}"} ${part[j]} \
		</dev/null >"$out/$j.log" 2>&1 &
	pids+=($!)
done
passed=0 failed=0 skipped=0
for j in "${!part[@]}"; do
	wait "${pids[j]}"
	cat "$out/$j.log"
	if [ -r "$out/$j/summary" ]; then
		eval "$(grep -E '^passed=[0-9]+ failed=[0-9]+ skipped=[0-9]+$' "$out/$j/summary" |
			sed 's/passed=/p=/;s/failed=/f=/;s/skipped=/s=/')"
		passed=$((passed + ${p:-0})) failed=$((failed + ${f:-1})) skipped=$((skipped + ${s:-0}))
		unset p f s
	else
		echo "not ok - VM run $j ($out/$j) produced no summary"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
