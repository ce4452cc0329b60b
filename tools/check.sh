#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: install what is missing, build everything with warnings as
# errors for every supported kernel, run the host tests and the VM tests on
# each kernel, and end with one line "N passed, N failed, N skipped".
#
# Environment: KVERS="k1 k2" overrides the kernels (default: the newest 6.1
# and 6.12 and their PREEMPT_RT flavours; `make check-rt` sets only the
# latter); TESTS="selftests/a_test.sh ..." runs only those VM tests;
# SREXT_VM_JOBS=N runs N VMs at once (default: the number of CPUs);
# SREXT_VM_TCG_THREAD=single keeps the concurrency tests single-threaded too.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tools/check-lib.sh
. tools/check-lib.sh

# Adds the top-level KTAP results of a log to the totals. A "Bail out!",
# or a plan the results do not match, is one more failure; no result at
# all returns 1.
count_ktap() {
	local p f s plan
	p=$(grep -cE '^ok [0-9]+' "$1" | head -1)
	s=$(grep -cE '^ok [0-9]+.*# SKIP' "$1" | head -1)
	f=$(grep -cE '^not ok [0-9]+' "$1" | head -1)
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	passed=$((passed + p - s)) skipped=$((skipped + s)) failed=$((failed + f))
	if grep -q '^Bail out!' "$1"; then
		result fail "$1: bailed out"
	elif [ -n "$plan" ] && [ "$plan" != "$((p + f))" ]; then
		result fail "$1: planned $plan results, printed $((p + f))"
	fi
	[ "$((p + f))" -gt 0 ]
}

echo "# Installing missing packages"
if ! tools/deps.sh check; then
	echo "Error: could not install the packages srext needs." >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# Both supported series and their PREEMPT_RT flavours by default: a missing
# one is a failure, not a skip.
if [ -n "${KVERS:-}" ]; then
	kernels=$KVERS
else
	kernels=""
	for series in "6.1" "6.12" "6.1 rt" "6.12 rt"; do
		# shellcheck disable=SC2086 # "SERIES [rt]"
		k=$(tools/kver.sh series $series)
		if [ -z "$k" ]; then
			result fail "Debian kernel $series with headers and image installed"
		fi
		kernels+=" $k"
	done
fi
version=$(git describe --always --dirty 2>/dev/null || echo unknown)

echo "# Building srconf"
if make -s -C tools/srconf SREXT_VERSION="$version" >build-srconf.log 2>&1; then
	result ok "build srconf (-Wall -Wextra -Werror)"
else
	cat build-srconf.log
	result fail "build srconf (-Wall -Wextra -Werror)"
fi
rm -f build-srconf.log

built=()
for k in $kernels; do
	out=build/$k
	mkdir -p "$out"
	echo "# Building srext.ko for $k (W=1, warnings are errors)"
	if tools/build-kmod.sh "$k" >"$out/build.log" 2>&1; then
		result ok "build srext.ko for $k with W=1"
		built+=("$k")
	else
		cat "$out/build.log"
		result fail "build srext.ko for $k with W=1"
		continue
	fi
	echo "# sparse on srext for $k"
	if ! tools/build-kmod.sh "$k" C=2 CHECK=sparse >"$out/sparse.log" 2>&1; then
		cat "$out/sparse.log"
		result fail "sparse clean for $k"
	elif grep -E '(warning|error):' "$out/sparse.log"; then
		result fail "sparse clean for $k"
	else
		result ok "sparse clean for $k"
	fi
done

echo "# Host tests"
for t in tools/srconf/tests/*_test.sh; do
	[ -e "$t" ] || continue
	log=build/host-$(basename "$t" .sh).log
	mkdir -p build
	"$t" </dev/null >"$log" 2>&1
	rc=$?
	cat "$log"
	if ! count_ktap "$log" || { [ "$rc" -ne 0 ] && ! grep -qE '^not ok' "$log"; }; then
		result fail "$t exited $rc"
	fi
done

# libFuzzer on the command-line and batch parsers, from a copy of the
# committed corpus, for a bounded time.
echo "# Fuzzing the srconf parsers (${FUZZ_SECONDS:-20} s per harness)"
log=build/fuzz.log
if make -s -C tools/srconf fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-20}" </dev/null >"$log" 2>&1; then
	grep -vE '^(INFO|#[0-9]|MS:|Done|Loading|\s*$)' "$log" | tail -n 20
	result ok "libFuzzer: srconf command-line and batch parsers, no crash"
else
	cat "$log"
	result fail "libFuzzer: srconf command-line and batch parsers, no crash"
fi

# The harness itself: tests that fail on purpose must be counted as failures,
# a panic and a hang must fail the run. One kernel is enough.
if [ ${#built[@]} -gt 0 ] && [ -z "${TESTS:-}" ]; then
	echo "# VM runner self-check on ${built[0]}"
	log=build/check-runner.log
	tools/vm/selftest/check-runner -k "${built[0]}" -o build/check-runner \
		</dev/null >"$log" 2>&1
	rc=$?
	grep -vE '^# ' "$log"
	if ! count_ktap "$log" || { [ "$rc" -ne 0 ] && ! grep -qE '^not ok' "$log"; }; then
		result fail "tools/vm/selftest/check-runner exited $rc"
	fi
fi

tests=${TESTS:-$(ls tools/vm/selftest/smoke_test.sh selftests/*_test.sh)}
split_vm_tests "$tests"

# As many VMs at once as there are CPUs: the suite takes over 20 minutes
# per kernel, and one VM after the other would not leave CI's 90 minutes
# much. Per kernel: build/KVER/vm (single-threaded) and build/KVER/vm-mttcg;
# build/KVER/bench for the first one.
# Each run's output is printed when it is done, in the order of the runs.
vm_jobs=${SREXT_VM_JOBS:-$(nproc)}
runs=()
for k in "${built[@]}"; do
	[ -n "$main_tests" ] && runs+=("$k vm")
done
for k in "${built[@]}"; do
	[ -n "$multi_tests" ] && runs+=("$k vm-mttcg")
done
# make bench-quick on the first kernel: every scenario once, checked for
# well-formed results only (it shares the CPUs with the other VMs here).
[ ${#built[@]} -eq 0 ] || [ -n "${TESTS:-}" ] || runs+=("${built[0]} bench")
# start_vm "KVER KIND": starts that run in the background.
start_vm() {
	local k kind out env=()
	read -r k kind <<<"$1"
	out=build/$k/$kind
	rm -rf "$out"
	mkdir -p "$out"
	# The non-preemptible kernels prove a million-flow GC pass; the
	# PREEMPT_RT ones, which preempt it anyway, a quarter of it.
	case $k in *-rt-*) env+=(-e FLOW_GC_FLOWS=262144) ;; esac
	if [ "$kind" = bench ]; then
		# Unpinned: the other VMs share the host CPUs anyway.
		BENCH_PIN=0 bench/run -q -k "$k" -o "$out" </dev/null >"build/$k/$kind.log" 2>&1 &
	elif [ "$kind" = vm ]; then
		# shellcheck disable=SC2086 # one word per test
		SREXT_VM_TCG_THREAD=single tools/vm/run -k "$k" -o "$out" -m "$top/build/$k/kmod/srext.ko" \
			${env[@]+"${env[@]}"} $main_tests </dev/null >"build/$k/$kind.log" 2>&1 &
	else
		# shellcheck disable=SC2086 # one word per test
		SREXT_VM_QEMU=$qemu_multi SREXT_VM_TCG_THREAD=multi tools/vm/run -k "$k" -o "$out" \
			-m "$top/build/$k/kmod/srext.ko" $multi_tests </dev/null >"build/$k/$kind.log" 2>&1 &
	fi
	vm_pid[$1]=$!
}
start_vms "${runs[@]}"
for r in "${runs[@]}"; do
	read -r k kind <<<"$r"
	echo "# VM tests on $k ($kind)"
	out=build/$k/$kind
	tcg=single
	[ "$kind" = vm-mttcg ] && tcg=multi
	wait_vm "$r" "$out" "build/$k/$kind.log" "$tcg"
	cat "build/$k/$kind.log"
	add_summary "$out" "VM run on $k ($kind)"
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
