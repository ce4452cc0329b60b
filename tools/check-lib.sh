# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tools/check-lib.sh: what `make check` (tools/check.sh) and `make
# check-debug` (tools/check-debug.sh) share: the totals, the split of the
# VM tests into single- and multi-threaded guests, starting the VMs and
# waiting for them, and the reading of a VM run's summary. Sourced; the
# caller sets `top` and `cd`s there.

passed=0 failed=0 skipped=0

result() { # result ok|fail|skip DESCRIPTION [REASON]
	case $1 in
	ok) passed=$((passed + 1)); echo "ok - $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok - $2 # SKIP $3" ;;
	*) failed=$((failed + 1)); echo "not ok - $2" ;;
	esac
}

# add_summary OUTDIR DESCRIPTION: adds the totals of the tools/vm/run whose
# output directory is OUTDIR; a run without a summary is one failure.
add_summary() {
	local p f s
	if [ ! -r "$1/summary" ]; then
		result fail "$2 produced no summary ($1)"
		return
	fi
	eval "$(grep -E '^passed=[0-9]+ failed=[0-9]+ skipped=[0-9]+$' "$1/summary" |
		sed 's/passed=/p=/;s/failed=/f=/;s/skipped=/s=/')"
	passed=$((passed + ${p:-0})) failed=$((failed + ${f:-1})) skipped=$((skipped + ${s:-0}))
}

# split_vm_tests "TESTS": sets main_tests (single-threaded TCG) and
# multi_tests (a VM of their own, both vCPUs at once) and qemu_multi, the
# QEMU for the latter.
#
# The concurrency tests (configuration churn, module and namespace
# lifetime under traffic) want the guest's two vCPUs running at once:
# they run with multi-threaded TCG, on QEMU 10 from bookworm-backports
# (tools/vm/qemu-mttcg.sh, not installed; Debian 12's QEMU 7.2 oopses the
# guest on a stray int3 in that mode). The rest run with one host thread
# per guest: multi-threaded TCG costs more CPU than it saves (measured: the
# whole suite about twice as long, two VMs on two CPUs). Without QEMU 10,
# or with SREXT_VM_TCG_THREAD=single, all run single-threaded.
split_vm_tests() {
	local mttcg="selftests/churn_test.sh selftests/lifecycle_test.sh selftests/lifetime_test.sh" t
	main_tests='' multi_tests='' qemu_multi=''
	for t in $1; do
		case " $mttcg " in
		*" $t "*) multi_tests+=" $t" ;;
		*) main_tests+=" $t" ;;
		esac
	done
	if [ "${SREXT_VM_TCG_THREAD:-}" = single ]; then
		main_tests+=$multi_tests multi_tests=''
	elif [ -n "$multi_tests" ]; then
		mkdir -p build
		if qemu_multi=$(tools/vm/qemu-mttcg.sh 2>build/qemu-mttcg.log); then
			echo "# VMs:$multi_tests with $("$qemu_multi" --version | head -n 1), thread=multi"
		else
			cat build/qemu-mttcg.log
			echo "# VMs: no QEMU for thread=multi (above):$multi_tests with Debian's, thread=single"
			main_tests+=$multi_tests multi_tests=''
		fi
	fi
}

# stray_int3 OUTDIR: true when the guest of that VM run oopsed on an int3,
# which is how multi-threaded TCG's race with x86 text patching shows
# (tools/vm/README.md). The guest holds the static keys that srext and the
# tests flip on (tools/vm/guest-init), which closes the races seen so far;
# the callers run such a VM once more, saying so, rather than fail CI on
# the emulator. An int3 is not how a defect of srext would oops: a call
# into freed module text faults on the unmapped page.
stray_int3() {
	grep -q 'Oops: int3' "$1/console.log" 2>/dev/null || return 1
	echo "# $1: the guest oopsed on a stray int3 (QEMU's multi-threaded TCG and"
	echo "# x86 text patching, tools/vm/README.md); its output is in $1.int3;"
	grep -m 2 -E 'Oops: int3|RIP: ' "$1/console.log" | sed 's/^/#   /'
	echo "# running that VM once more"
	rm -rf "$1.int3"
	mv "$1" "$1.int3"
	mkdir -p "$1"
}

# start_vms RUN...: starts each run in the background with the caller's
# `start_vm RUN` (which records the PID in vm_pid[RUN]), at most $vm_jobs
# at once: TCG runs a single-threaded guest on one host thread.
declare -A vm_pid
start_vms() {
	local r
	for r in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "${vm_jobs:?}" ]; do
			sleep 5
		done
		start_vm "$r"
	done
}

# wait_vm RUN OUTDIR LOG single|multi: waits for that run, whose
# tools/vm/run wrote OUTDIR and LOG; a thread=multi run that hit a stray
# int3 runs once more (stray_int3), its first output kept in OUTDIR.int3.
wait_vm() {
	wait "${vm_pid[$1]}"
	if [ "$4" = multi ] && stray_int3 "$2"; then
		mv "$3" "$2.int3/run.log"
		start_vm "$1"
		wait "${vm_pid[$1]}"
	fi
}
