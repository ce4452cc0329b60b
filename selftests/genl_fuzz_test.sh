#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A generic netlink fuzzer against the "SREXT" family (genl.py fuzz):
# random commands (the five known ones and unknown ones), attribute sets
# built from each behaviour's (then with attributes dropped, added, of any
# type, empty, short, long or garbage, nested or not), random flags (dump,
# replace, excl, create). A model of the SID table predicts the effect of
# each acked request; every request must get an error or exactly that
# effect, and the kernel log must stay clean (the runner fails the test on
# any WARNING, BUG, Oops or leak report).
#
#   +------------------------------+   +--------------------------------+
#   | gfz: d0, d1 (dummy), lo      |   | user namespace root's own      |
#   |   root: $N_ROOT requests     |   | network namespace: d0, d1, lo  |
#   |   uid 65534: $N_UNPRIV       |   |   $N_USERNS requests           |
#   +------------------------------+   +--------------------------------+
#
# Asserts, for each of root and user-namespace root: every request answered
# as the model predicts, a final dump equal to the model, flush leaves
# nothing; for uid 65534: every request refused (EPERM, or the genetlink
# core's error for an unknown command or bad flags), and nothing created. The seed is printed; set
# GENL_FUZZ_SEED to replay one.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

N_ROOT=10000
N_USERNS=5000
N_UNPRIV=1000
GENL_PY=$(cd "$(dirname "$0")" && pwd)/genl.py
SEED=${GENL_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON" unshare setpriv
ktap_plan 8

srext_load
diag "seed $SEED"
ns_create gfz || ktap_bail "cannot create the namespace"
for d in d0 d1; do
	ip -n "${NS[gfz]}" link add "$d" type dummy &&
		ip -n "${NS[gfz]}" link set "$d" up || ktap_bail "cannot create dummy $d"
done
ifs=$(ip -n "${NS[gfz]}" -j link show | jq -r '[.[].ifindex] | join(",")')

# --------------------------------------------------------------- root ----
genl_results < <(nsx gfz "$PYTHON" "$GENL_PY" fuzz "$SEED" "$N_ROOT" "$ifs" 2>&1)

# --------------------------------------------------- unprivileged user ----
genl_results < <(nsx gfz setpriv --reuid 65534 --regid 65534 --clear-groups \
	"$PYTHON" "$GENL_PY" fuzz "$((SEED + 1))" "$N_UNPRIV" "$ifs" unpriv 2>&1)
check_eq "uid 65534 created nothing" "[]" \
	"$(srconf -n "${NS[gfz]}" -j sid show 2>&1)"

# ----------------------------------------------- user namespace root ----
# shellcheck disable=SC2016 # expanded by the inner shell
genl_results < <(unshare -U -r -n sh -c '
	for d in d0 d1; do ip link add "$d" type dummy && ip link set "$d" up || exit 1; done
	ip link set lo up
	exec "$1" "$2" fuzz "$3" "$4" "$(ip -j link show | jq -r "[.[].ifindex] | join(\",\")")"
	' sh "$PYTHON" "$GENL_PY" "$((SEED + 2))" "$N_USERNS" 2>&1)

ktap_finish
