#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of srconf; no srext.ko needed (run by "make check").
#
#   srconf              the real binary: every command-line error (exact
#                       stderr, exit 1, nothing on stdout), -h/-V, the
#                       "family not found" error this host gives (or, for
#                       the commands that also act on seg6local routes, the
#                       seg6local part alone), seg6local SIDs, localsid,
#                       batch files and monitor
#   tests/srconf-fake   the same code with libnl's send/receive routed to an
#                       in-process fake of the SREXT family (tests/fake_kernel.c):
#                       request encoding, text and JSON output, extack and
#                       errno errors, dump edge cases, clear-stats, mac, the
#                       one table of srext SIDs and seg6local routes
#   tests/unit_test     prefix matching, name tables, parser, JSON writer,
#                       extack decoder
#
# srconf also programs seg6local routes over a real rtnetlink socket (route.c
# is not faked), so the script re-executes itself in a network namespace of
# its own (unshare -n; root needed) and never touches the host's routing
# table; there it brings lo up and tests the seg6local SIDs against the host
# kernel for real, and "monitor" with the real binary. When no namespace can
# be created, the whole test is skipped (KTAP "1..0 # SKIP", exit 4).
#
# Every binary runs under valgrind (definite leaks and memory errors fail the
# test) when valgrind is installed and VALGRIND=0 is not set (sanitizer
# builds: make CFLAGS=-fsanitize=address,undefined check VALGRIND=0).
# Output is KTAP; exit 0 if every test passed, 1 otherwise.

set -u

skip_all() {
	echo "TAP version 13"
	echo "1..0 # SKIP $1"
	exit 4
}

# Into a network namespace of our own, before anything runs srconf.
# SRCONF_TEST_OUTER_NETNS (the namespace we came from) stops the recursion.
if [ -z "${SRCONF_TEST_OUTER_NETNS:-}" ]; then
	if ! why=$(unshare -n true 2>&1); then
		skip_all "cannot create a network namespace with unshare -n: ${why:-failed}"
	fi
	SRCONF_TEST_OUTER_NETNS=$(readlink /proc/self/ns/net 2>/dev/null || echo unknown)
	export SRCONF_TEST_OUTER_NETNS
	shopt -s execfail
	# shellcheck disable=SC2093 # the line after it runs if exec fails
	exec unshare -n -- "${BASH:-bash}" "$0" "$@"
	skip_all "cannot run $0 under unshare -n"
fi
# A fresh namespace has no route at all: anything else may be the host's.
if [ "$(readlink /proc/self/ns/net 2>/dev/null)" = "$SRCONF_TEST_OUTER_NETNS" ] ||
   [ -n "$(ip -4 route show table all 2>/dev/null; ip -6 route show table all 2>/dev/null)" ]; then
	skip_all "not in a fresh network namespace (SRCONF_TEST_OUTER_NETNS set by hand?)"
fi
if ! why=$(ip link set lo up 2>&1); then
	skip_all "cannot bring lo up in the test namespace: ${why:-failed}"
fi
# The host kernel may have no seg6local routes (CONFIG_IPV6_SEG6_LWTUNNEL
# off, seen on a 6.18 host): the parts that program them for real are then
# skipped, each result a KTAP SKIP with this reason, never a pass. The VM's
# selftests/srconf_cli_test.sh programs them on the Debian kernels.
NO_SEG6LOCAL=
if ! why=$(ip -6 route add fc00:ff::f encap seg6local action End dev lo 2>&1); then
	NO_SEG6LOCAL="the host kernel has no seg6local routes (${why:-failed})"
else
	ip -6 route del fc00:ff::f
fi
SKIP_REASON=

DIR=$(cd "$(dirname "$0")/.." && pwd)
SRCONF=$DIR/srconf
FAKE=$DIR/tests/srconf-fake
UNIT=$DIR/tests/unit_test
UAPI=$DIR/../../kmod/uapi/srext.h

TMP=$(mktemp -d)
NETNS=""
cleanup() {
	[ -n "$NETNS" ] && ip netns del "$NETNS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

RESULTS=()
NTEST=0
FAILED=0
SKIPPED=0

pass() {
	[ -z "$SKIP_REASON" ] || { skip "$1" "$SKIP_REASON"; return; }
	NTEST=$((NTEST + 1))
	RESULTS+=("ok $NTEST - $1")
}

fail() {
	local desc=$1 line
	[ -z "$SKIP_REASON" ] || { skip "$1" "$SKIP_REASON"; return; }
	shift
	NTEST=$((NTEST + 1))
	FAILED=$((FAILED + 1))
	RESULTS+=("not ok $NTEST - $desc")
	for line in "$@"; do
		while IFS= read -r l; do RESULTS+=("# $l"); done <<<"$line"
	done
}

skip() {
	NTEST=$((NTEST + 1))
	SKIPPED=$((SKIPPED + 1))
	RESULTS+=("ok $NTEST - $1 # SKIP $2")
}

note() {
	RESULTS+=("# $1")
}

# The test helpers are not part of "make"; build whatever is missing or old.
if ! make -s -C "$DIR" srconf tests/unit_test tests/srconf-fake >"$TMP/build" 2>&1; then
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 - build srconf and its test helpers"
	sed 's/^/# /' "$TMP/build"
	exit 1
fi

if [ "${VALGRIND:-1}" = 0 ]; then
	VG=()
	note "VALGRIND=0: binaries run without valgrind (e.g. a sanitizer build)"
elif command -v valgrind >/dev/null 2>&1; then
	VG=(valgrind -q --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite --log-file="$TMP/valgrind.log")
else
	echo "Bail out! valgrind is not installed (tools/deps.sh check installs it; VALGRIND=0 runs without it)"
	exit 1
fi

# run BIN ARGS...: sets RC, OUT (stdout), ERR (stderr), VGLOG; stdin is
# RUN_STDIN, /dev/null if unset
run() {
	: >"$TMP/valgrind.log"
	"${VG[@]}" "$@" <"${RUN_STDIN:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
	VGLOG=$(cat "$TMP/valgrind.log" 2>/dev/null)
}

# check DESC WANT_RC WANT_STDERR WANT_STDOUT: compare the last run()
check() {
	local desc=$1 want_rc=$2 want_err=$3 want_out=$4
	local why=()

	[ "$RC" = 99 ] && [ -n "$VGLOG" ] && why+=("valgrind: $VGLOG")
	[ "$RC" = "$want_rc" ] || why+=("exit status $RC, want $want_rc")
	[ "$ERR" = "$want_err" ] || why+=("stderr: '$ERR'" "  want: '$want_err'")
	[ "$OUT" = "$want_out" ] || why+=("stdout: '$OUT'" "  want: '$want_out'")
	if [ ${#why[@]} -eq 0 ]; then
		pass "$desc"
	else
		fail "$desc" "${why[@]}"
	fi
}

# ---------------------------------------------------------------------------
# Command-line errors: exact message, exit 1, empty stdout.
# Each row: expected stderr | arguments (split on spaces; the word SEGS65
# stands for 65 segments, SEGS64 for 64, to keep the test names short).
# ---------------------------------------------------------------------------
ADD="sid add fc00::1 behavior end.ad6"
AD6="$ADD nh6 fd00::2 oif lo iif lo"
AD4="sid add fc00::1 behavior end.ad4 nh4 10.0.0.2 oif lo iif lo"
MAXR="expected an integer from 1 to 1048576."
TOR="expected an integer from 1 to 86400."
CACHER='expected "flow" or "interface".'
AS6="sid add fc00::1 behavior end.as6 nh6 fd00::2 oif lo iif lo src fd00::3"
AS4="sid add fc00::1 behavior end.as4 nh4 10.0.0.2 oif lo iif lo src fd00::3"
SEGS64=$(for i in $(seq 1 64); do printf 'fc00:e::%x,' "$i"; done)
SEGS64=${SEGS64%,}
SEGS65=$SEGS64,fc00:e::41
expand_segs() {
	local a=${1//SEGS65/$SEGS65}
	printf '%s\n' "${a//SEGS64/$SEGS64}"
}
PARSE_ERRORS=(
	'Error: unknown object "bogus", try "srconf help".|bogus'
	'Error: unknown object "sidx", try "srconf help".|sidx'
	'Error: unknown command "bogus" for "sid", try "srconf help".|sid bogus'
	'Error: unknown command "shows" for "sid", try "srconf help".|sid shows'
	'Error: invalid address "zz" for "sid": expected an IPv6 address.|sid add zz behavior end.ad6'
	'Error: invalid address "10.0.0.1" for "sid": expected an IPv6 address.|sid del 10.0.0.1'
	'Error: invalid address "fc00::/64" for "sid": expected an IPv6 address.|sid show fc00::/64'
	'Error: invalid address "10.0.0.2" for "nh6": expected an IPv6 address.|'"$ADD"' nh6 10.0.0.2 oif lo iif lo'
	'Error: unknown interface "srconf-none0" for "oif".|'"$ADD"' nh6 fd00::2 oif srconf-none0 iif lo'
	'Error: unknown interface "srconf-none0" for "iif".|'"$ADD"' nh6 fd00::2 oif lo iif srconf-none0'
	'Error: unknown behavior "End.AD9".|sid add fc00::1 behavior End.AD9 nh6 fd00::2 oif lo iif lo'
	'Error: unknown behavior "end.b6".|sid add fc00::1 behavior end.b6'
	'Error: missing "nh6" (or "mac") for End.AD6.|'"$ADD"' oif lo iif lo'
	'Error: missing "oif" for End.AD6.|'"$ADD"' iif lo nh6 fd00::2'
	'Error: missing "iif" for End.AD6.|'"$ADD"' nh6 fd00::2 oif lo'
	'Error: missing "behavior".|sid add fc00::1'
	'Error: missing "behavior".|sid add fc00::1 nh6 fd00::2 oif lo iif lo'
	'Error: missing SID.|sid add'
	'Error: missing SID.|sid del'
	'Error: missing SID.|sid delete'
	'Error: missing value for "iif".|'"$ADD"' nh6 fd00::2 oif lo iif'
	'Error: missing value for "behavior".|sid add fc00::1 behavior'
	'Error: duplicate "nh6".|'"$ADD"' nh6 fd00::2 nh6 fd00::3 oif lo iif lo'
	'Error: duplicate "behavior".|'"$ADD"' behavior end.ad6'
	'Error: unknown keyword "via" for End.AD6.|'"$ADD"' via fd00::2'
	'Error: unknown keyword "End.AD6" for End.AD6.|'"$ADD"' End.AD6 nh6 fd00::2 oif lo iif lo'
	'Error: unknown keyword "via".|sid add fc00::1 via fd00::2 behavior end.ad6'
	'Error: "src" is not valid for End.AD6.|'"$ADD"' nh6 fd00::2 oif lo iif lo src fd00::3'
	'Error: "nh4" is not valid for End.AD6.|'"$ADD"' nh4 10.0.0.2 oif lo iif lo'
	'Error: "nh4" is not valid for End.AD6.|'"$ADD"' nh4 zz'
	'Error: "segs" is not valid for End.AD6.|'"$ADD"' segs fc00::2'
	'Error: "nh6" is not valid for End.AD4.|sid add fc00::1 behavior end.ad4 nh6 fd00::2 oif lo iif lo'
	'Error: "src" is not valid for End.AD4.|sid add fc00::1 behavior end.ad4 src fd00::3'
	'Error: "segs" is not valid for End.AM.|sid add fc00::1 behavior end.am nh6 fd00::2 segs fc00::2'
	'Error: "nh4" is not valid for End.AS6.|sid add fc00::1 behavior end.as6 nh4 10.0.0.2'
	'Error: "nh6" is not valid for End.AS4.|sid add fc00::1 behavior end.as4 nh6 fd00::2'
	'Error: "nh4" is not valid for End.AD6.|sid add fc00::1 nh4 10.0.0.2 behavior end.ad6 nh6 fd00::2 oif lo iif lo'
	'Error: "segs" is not valid for End.AM.|sid add fc00::1 segs fc00::2 src fd00::3 behavior END.AM nh6 fd00::2 oif lo iif lo'
	'Error: unknown keyword "nh" for End.AS4.|sid add fc00::1 behavior end.as4 nh 10.0.0.2'
	'Error: unknown behavior "end.as".|sid add fc00::1 behavior end.as'
	'Error: missing "nh4" (or "mac") for End.AD4.|sid add fc00::1 behavior end.ad4 oif lo iif lo'
	'Error: missing "oif" for End.AD4.|sid add fc00::1 behavior End.AD4 iif lo nh4 10.0.0.2'
	'Error: missing "iif" for End.AM.|sid add fc00::1 behavior end.am nh6 fd00::2 oif lo'
	'Error: missing "nh6" (or "mac") for End.AS6.|sid add fc00::1 behavior end.as6 segs fc00::2 src fd00::3 iif lo oif lo'
	'Error: missing "iif" for End.AS6.|sid add fc00::1 behavior end.as6 segs fc00::2 src fd00::3 nh6 fd00::2 oif lo'
	'Error: missing "src" for End.AS6.|sid add fc00::1 behavior end.as6 nh6 fd00::2 oif lo iif lo segs fc00::2'
	'Error: missing "segs" for End.AS6.|'"$AS6"
	'Error: missing "nh4" (or "mac") for End.AS4.|sid add fc00::1 behavior end.as4 oif lo iif lo src fd00::3 segs fc00::2'
	'Error: missing "src" for End.AS4.|sid add fc00::1 behavior end.as4 nh4 10.0.0.2 oif lo iif lo segs fc00::2'
	'Error: missing "segs" for End.AS4.|'"$AS4"
	'Error: invalid address "fd00::2" for "nh4": expected an IPv4 address.|sid add fc00::1 behavior end.ad4 nh4 fd00::2 oif lo iif lo'
	'Error: invalid address "10.0.0" for "nh4": expected an IPv4 address.|sid add fc00::1 behavior end.as4 nh4 10.0.0'
	'Error: invalid address "10.0.0.2/24" for "nh4": expected an IPv4 address.|sid add fc00::1 behavior end.ad4 nh4 10.0.0.2/24'
	'Error: invalid address "10.0.0.3" for "src": expected an IPv6 address.|sid add fc00::1 behavior end.as6 src 10.0.0.3'
	'Error: invalid address "zz" for "segs": expected an IPv6 address.|'"$AS6"' segs fc00::1,zz,fc00::3'
	'Error: invalid address "10.0.0.1" for "segs": expected an IPv6 address.|'"$AS4"' segs 10.0.0.1'
	'Error: invalid address "fc00::/64" for "segs": expected an IPv6 address.|'"$AS6"' segs fc00::/64'
	'Error: invalid address "" for "segs": expected an IPv6 address.|'"$AS6"' segs fc00::1,,fc00::3'
	'Error: invalid address "" for "segs": expected an IPv6 address.|'"$AS6"' segs fc00::1,'
	'Error: invalid address "" for "segs": expected an IPv6 address.|'"$AS4"' segs ,fc00::1'
	'Error: invalid address "" for "segs": expected an IPv6 address.|'"$AS6"' segs ,'
	'Error: too many segments for "segs" (at most 64).|'"$AS6"' segs SEGS65'
	'Error: too many segments for "segs" (at most 64).|'"$AS4"' segs SEGS64,zz'
	'Error: duplicate "segs".|'"$AS6"' segs fc00::1 segs fc00::2'
	'Error: "max" needs "cache flow".|'"$AD6"' max 2'
	'Error: "timeout" needs "cache flow".|'"$AD6"' timeout 2'
	'Error: "max" needs "cache flow".|'"$AD6"' max 2 cache flow'
	'Error: "timeout" needs "cache flow".|'"$AD4"' timeout 5 cache flow max 2'
	'Error: "max" needs "cache flow".|'"$AD6"' cache interface max 2'
	'Error: "timeout" needs "cache flow".|'"$AD4"' cache interface timeout 2'
	'Error: "max" needs "cache flow".|sid add fc00::1 max 2 behavior end.ad6'
	'Error: invalid value "0" for "max": '"$MAXR"'|'"$AD6"' cache flow max 0'
	'Error: invalid value "1048577" for "max": '"$MAXR"'|'"$AD6"' cache flow max 1048577'
	'Error: invalid value "4294967297" for "max": '"$MAXR"'|'"$AD4"' cache flow max 4294967297'
	'Error: invalid value "-1" for "max": '"$MAXR"'|'"$AD6"' cache flow max -1'
	'Error: invalid value "0x10" for "max": '"$MAXR"'|'"$AD6"' cache flow max 0x10'
	'Error: invalid value "2k" for "max": '"$MAXR"'|'"$AD6"' cache flow max 2k'
	'Error: invalid value "0" for "timeout": '"$TOR"'|'"$AD6"' cache flow timeout 0'
	'Error: invalid value "86401" for "timeout": '"$TOR"'|'"$AD4"' cache flow max 2 timeout 86401'
	'Error: invalid value "+5" for "timeout": '"$TOR"'|'"$AD6"' cache flow timeout +5'
	'Error: invalid value "1.5" for "timeout": '"$TOR"'|'"$AD6"' cache flow timeout 1.5'
	'Error: invalid value "bogus" for "cache": '"$CACHER"'|'"$AD6"' cache bogus'
	'Error: invalid value "Flow" for "cache": '"$CACHER"'|'"$AD4"' cache Flow'
	'Error: invalid value "iface" for "cache": '"$CACHER"'|'"$AD6"' cache iface'
	'Error: duplicate "cache".|'"$AD6"' cache flow cache interface'
	'Error: duplicate "cache".|'"$AD6"' cache interface cache interface'
	'Error: duplicate "max".|'"$AD6"' cache flow max 2 max 2'
	'Error: duplicate "timeout".|'"$AD4"' cache flow timeout 2 max 2 timeout 3'
	'Error: missing value for "cache".|'"$AD6"' cache'
	'Error: missing value for "max".|'"$AD6"' cache flow max'
	'Error: missing value for "timeout".|'"$AD4"' cache flow timeout'
	'Error: "cache" is not valid for End.AS6.|'"$AS6"' segs fc00::2 cache flow'
	'Error: "cache" is not valid for End.AS4.|'"$AS4"' cache interface segs fc00::2'
	'Error: "cache" is not valid for End.AM.|sid add fc00::1 behavior end.am nh6 fd00::2 oif lo iif lo cache flow max 2'
	'Error: "cache" is not valid for End.AS6.|sid add fc00::1 cache flow behavior end.as6 nh6 fd00::2 oif lo iif lo src fd00::3 segs fc00::2'
	'Error: "max" is not valid for End.AS6.|sid add fc00::1 behavior end.as6 max 2'
	'Error: "timeout" is not valid for End.AM.|sid add fc00::1 behavior end.am timeout 2'
	'Error: missing "iif" for End.AD6.|'"$ADD"' nh6 fd00::2 oif lo cache flow max 2 timeout 2'
	'Error: duplicate "src".|'"$AS6"' src fd00::3'
	'Error: missing value for "segs".|'"$AS6"' segs'
	'Error: unexpected argument "x".|sid del fc00::1 x'
	'Error: unexpected argument "x".|sid show fc00::1 x'
	'Error: unexpected argument "fc00::1".|sid flush fc00::1'
	'Error: unexpected argument "sid".|help sid'
	'Error: unknown option "-x", try "srconf -h".|-x sid show'
	'Error: unknown option "-jx", try "srconf -h".|-jx sid show'
	'Error: unknown option "--jsonx", try "srconf -h".|--jsonx sid show'
	'Error: unknown option "-json", try "srconf -h".|-json sid show'
	'Error: missing value for "-n".|-n'
	'Error: missing value for "--netns".|--netns'
	'Error: cannot open network namespace "srconf-no-such-ns": No such file or directory.|-n srconf-no-such-ns sid show'
	'Error: cannot open network namespace "srconf-no-such-ns": No such file or directory.|--netns=srconf-no-such-ns sid show'
	'Error: cannot open network namespace "../x": Invalid argument.|-n ../x sid show'
	# mac: 6 bytes, in place of nh6/nh4, for the srext behaviours only
	'Error: "nh6" and "mac" exclude each other.|'"$ADD"' nh6 fd00::2 mac 02:00:00:00:00:01 oif lo iif lo'
	'Error: "mac" and "nh4" exclude each other.|sid add fc00::1 behavior end.ad4 mac 02:00:00:00:00:01 nh4 10.0.0.2 oif lo iif lo'
	'Error: "mac" and "nh6" exclude each other.|sid add fc00::1 mac 02:00:00:00:00:01 nh6 fd00::2 behavior end.am oif lo iif lo'
	'Error: duplicate "mac".|'"$ADD"' mac 02:00:00:00:00:01 mac 02:00:00:00:00:02 oif lo iif lo'
	'Error: "mac" is not valid for End.|sid add fc00::1 behavior end mac 02:00:00:00:00:01'
	'Error: "mac" is not valid for End.X.|sid add fc00::1 behavior end.x mac 02:00:00:00:00:01'
	'Error: "mac" is not valid for End.DX6.|sid add fc00::1 behavior end.dx6 mac 02:00:00:00:00:01 oif lo'
	'Error: invalid address "02:00:00:00:00" for "mac": expected a link-layer address like 02:00:00:00:00:01.|'"$ADD"' mac 02:00:00:00:00 oif lo iif lo'
	'Error: invalid address "02:00:00:00:00:01:02" for "mac": expected a link-layer address like 02:00:00:00:00:01.|'"$ADD"' mac 02:00:00:00:00:01:02 oif lo iif lo'
	'Error: invalid address "zz" for "mac": expected a link-layer address like 02:00:00:00:00:01.|sid add fc00::1 behavior end.as4 mac zz'
	'Error: missing value for "mac".|'"$ADD"' oif lo iif lo mac'
	# seg6local behaviours: the keywords of their seg6local action
	'Error: missing "nh6" for End.X.|sid add fc00::1 behavior end.x'
	'Error: "iif" is not valid for End.X.|sid add fc00::1 behavior end.x nh6 fe80::1 iif lo'
	'Error: "nh4" is not valid for End.X.|sid add fc00::1 behavior End.X nh4 10.0.0.1'
	'Error: missing "oif" for End.DX6.|sid add fc00::1 behavior end.dx6 nh6 fd00::2'
	'Error: missing "nh4" for End.DX4.|sid add fc00::1 behavior end.dx4 oif lo'
	'Error: invalid address "fd00::2" for "nh4": expected an IPv4 address.|sid add fc00::1 behavior end.dx4 nh4 fd00::2 oif lo'
	'Error: "nh6" is not valid for End.DX4.|sid add fc00::1 behavior end.dx4 nh6 fd00::2 oif lo'
	'Error: missing "table" for End.DT6.|sid add fc00::1 behavior end.dt6'
	'Error: invalid value "0" for "table": expected an integer from 1 to 4294967295.|sid add fc00::1 behavior end.dt6 table 0'
	'Error: invalid value "4294967296" for "table": expected an integer from 1 to 4294967295.|sid add fc00::1 behavior end.dt6 table 4294967296'
	'Error: "table" is not valid for End.|sid add fc00::1 behavior end table 1'
	'Error: "table" is not valid for End.AD6.|'"$AD6"' table 1'
	'Error: "oif" is not valid for End.DT6.|sid add fc00::1 behavior end.dt6 table 1 oif lo'
	'Error: "cache" is not valid for End.|sid add fc00::1 behavior end cache flow'
	'Error: unknown keyword "via" for End.|sid add fc00::1 behavior end via fd00::2'
	# clear-stats, monitor
	'Error: unexpected argument "x".|sid clear-stats fc00::1 x'
	'Error: invalid address "zz" for "sid": expected an IPv6 address.|sid clear-stats zz'
	'Error: unexpected argument "x".|monitor x'
	# the 2017 grammar
	'Error: unknown command "bogus" for "localsid", try "srconf help".|localsid bogus'
	'Error: missing SID.|localsid add'
	'Error: missing BEHAVIOUR.|localsid add fc00::1'
	'Error: unknown behavior "end.bogus".|localsid add fc00::1 end.bogus'
	'Error: invalid address "zz" for "sid": expected an IPv6 address.|localsid add zz end'
	'Error: unexpected argument "x" for End.|localsid add fc00::1 end x'
	'Error: missing NEXTHOP ("ip ADDR" or "mac LLADDR") for End.AD6.|localsid add fc00::1 end.ad6'
	'Error: expected NEXTHOP ("ip ADDR" or "mac LLADDR") for End.AD6, not "via".|localsid add fc00::1 end.ad6 via fd00::1 lo lo'
	'Error: missing value for "ip".|localsid add fc00::1 end.ad6 ip'
	'Error: invalid address "10.0.0.1" for "ip": expected an IPv6 address.|localsid add fc00::1 end.ad6 ip 10.0.0.1 lo lo'
	'Error: invalid address "fd00::1" for "ip": expected an IPv4 address.|localsid add fc00::1 end.ad4 ip fd00::1 lo lo'
	'Error: missing TARGETIF for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1'
	'Error: missing SOURCEIF for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1 lo'
	'Error: unknown interface "srconf-none0" for TARGETIF.|localsid add fc00::1 end.ad6 ip fd00::1 srconf-none0 lo'
	'Error: unknown interface "srconf-none0" for SOURCEIF.|localsid add fc00::1 end.ad6 ip fd00::1 lo srconf-none0'
	'Error: unexpected argument "extra" for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1 lo lo extra'
	'Error: unexpected argument "oif" for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1 lo lo oif lo'
	'Error: "src" is not valid for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1 lo lo src fd00::3'
	'Error: unexpected argument "left" for End.AD6.|localsid add fc00::1 end.ad6 ip fd00::1 lo lo left 1'
	'Error: "max" needs "cache flow".|localsid add fc00::1 end.ad6 ip fd00::1 lo lo max 2'
	'Error: invalid value "0" for "left": srext pushes every segment, so it must be 1.|localsid add fc00::1 end.as6 ip fd00::1 lo lo src fd00::3 segs fc00::2,fc00::3 left 0'
	'Error: duplicate "left".|localsid add fc00::1 end.as6 ip fd00::1 lo lo src fd00::3 segs fc00::2 left 1 left 0'
	'Error: invalid value "64" for "left": expected an integer from 0 to 63.|localsid add fc00::1 end.as6 ip fd00::1 lo lo src fd00::3 segs fc00::2 left 64'
	'Error: missing "segs" for End.AS6.|localsid add fc00::1 end.as6 ip fd00::1 lo lo src fd00::3'
	'Error: missing TARGETIF for End.DX6.|localsid add fc00::1 end.dx6 ip a::2'
	'Error: "mac" is not valid for End.DX6.|localsid add fc00::1 end.dx6 mac 02:00:00:00:00:01 lo'
	'Error: missing "table" for End.DT6.|localsid add fc00::1 end.dt6'
	'Error: missing SID.|localsid del'
	'Error: invalid address "x" for "sid": expected an IPv6 address.|localsid show x'
	'Error: unexpected argument "x".|localsid clear-counters fc00::1 x'
	# batch options (the file is never opened)
	'Error: missing value for "-b".|-b'
	'Error: missing value for "--batch".|--batch'
	'Error: unexpected argument "sid": with -b the commands come from "/nonexistent".|-b /nonexistent sid show'
	'Error: unexpected argument "extra": with -b the commands come from "-".|-f -b - extra'
)

for row in "${PARSE_ERRORS[@]}"; do
	want=${row%%|*}
	args=${row#*|}
	# shellcheck disable=SC2046 # word splitting is the point
	run "$SRCONF" $(expand_segs "$args")
	check "srconf $args: error message" 1 "$want" ""
done

# nothing_sent NAME ARGS...: srconf-fake refuses ARGS with exit 1, sending nothing
nothing_sent() {
	local desc="srconf $1: nothing sent to the kernel" rc
	shift
	rm -f "$TMP/trace"
	SRCONF_FAKE_TRACE=$TMP/trace "$FAKE" "$@" >/dev/null 2>&1
	rc=$?
	if [ -e "$TMP/trace" ]; then
		fail "$desc" "sent: $(cat "$TMP/trace")"
	elif [ "$rc" != 1 ]; then
		fail "$desc" "exit status $rc"
	else
		pass "$desc"
	fi
}

# The same lines through the fake kernel: nothing may reach it.
for row in "${PARSE_ERRORS[@]}"; do
	args=${row#*|}
	# shellcheck disable=SC2046
	nothing_sent "$args" $(expand_segs "$args")
done

# An empty word cannot be written in the table above.
# shellcheck disable=SC2086
run "$SRCONF" $AS6 segs ""
check "srconf $AS6 segs '': error message" 1 \
	'Error: invalid address "" for "segs": expected an IPv6 address.' ""
# shellcheck disable=SC2086
nothing_sent "$AS6 segs ''" $AS6 segs ""

# ---------------------------------------------------------------------------
# Usage and version
# ---------------------------------------------------------------------------
run "$SRCONF" -h
USAGE=$OUT
if [ "$RC" = 0 ] && [ -z "$ERR" ] && [[ "$USAGE" == "Usage: srconf "* ]]; then
	pass "srconf -h: usage on stdout, exit 0"
else
	fail "srconf -h: usage on stdout, exit 0" "exit $RC" "stdout: $OUT" "stderr: $ERR"
fi
for args in "--help" "help" "h" "sid help" "-j -h" "localsid help" "-b /nonexistent -h"; do
	# shellcheck disable=SC2086
	run "$SRCONF" $args
	check "srconf $args: same usage on stdout" 0 "" "$USAGE"
done
run "$SRCONF"
check "srconf without arguments: usage on stderr, exit 1" 1 "$USAGE" ""
run "$SRCONF" -j -s
check "srconf with options only: usage on stderr, exit 1" 1 "$USAGE" ""

# usage_has DESC LINE...: each LINE is a whole line of the usage text
usage_has() {
	local desc=$1 line missing=()
	shift
	for line in "$@"; do
		grep -qxF -- "$line" <<<"$USAGE" || missing+=("missing: '$line'")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		pass "$desc"
	else
		fail "$desc" "${missing[@]}"
	fi
}
usage_has "usage: every command of sid, localsid and monitor" \
	"  sid add SID behavior BEHAVIOR     add a SID" \
	"  sid del SID                       delete a SID" \
	"  sid show [SID]                    show one SID or all of them" \
	"  sid flush                         delete every SID" \
	"  sid clear-stats [SID]             zero the counters of one SID or all" \
	"  localsid add SID BEHAVIOUR        add a SID, 2017 arguments" \
	"  localsid del SID                  as sid del" \
	"  localsid show [SID]               as sid show" \
	"  localsid flush                    as sid flush" \
	"  localsid clear-counters [SID]     as sid clear-stats" \
	"  monitor                           print SID additions and removals"
usage_has "usage: mac stands in for nh6/nh4 of the srext behaviours" \
	"BEHAVIOR := { End.AD6 { nh6 ADDR6 | mac LLADDR } oif DEV iif DEV [ cache CACHE ] |" \
	"              End.AS4 { nh4 ADDR4 | mac LLADDR } oif DEV iif DEV src ADDR6 segs SID[,SID...] |" \
	"              End.AM { nh6 ADDR6 | mac LLADDR } oif DEV iif DEV |"
usage_has "usage: the seg6local behaviours and their keywords" \
	"              End |" \
	"              End.X nh6 ADDR6 [ oif DEV ] |" \
	"              End.DX6 nh6 ADDR6 oif DEV |" \
	"              End.DX4 nh4 ADDR4 oif DEV |" \
	"              End.DT6 table ID }"
usage_has "usage: the 2017 grammar" \
	"BEHAVIOUR := { end.ad6 NEXTHOP TARGETIF SOURCEIF [ cache CACHE ] |" \
	"               end.as6 NEXTHOP TARGETIF SOURCEIF src ADDR6 segs SID[,SID...] [ left N ] |" \
	"               end.dx6 NEXTHOP TARGETIF |" \
	"NEXTHOP := { ip ADDR | mac LLADDR }"
usage_has "usage: -b and -f" \
	"  -b, --batch FILE    run the commands of FILE (\"-\": stdin), one per line" \
	"  -f, --force         go on after a failed line of a batch"

# The Makefile records the "git describe --always --dirty" it compiled in;
# the tree may have changed since (other work, a commit), so compare with
# that record and check it has the form of git describe's output.
VERSION=$(cat "$DIR/.version" 2>/dev/null)
DESCRIBE=$(git -C "$DIR" describe --always 2>/dev/null)
if [ -z "$VERSION" ]; then
	fail "srconf -V: version recorded by the build" "no $DIR/.version"
elif [ "$VERSION" = unknown ] && [ -z "$DESCRIBE" ]; then
	pass "srconf -V: version is unknown outside a git work tree with commits"
elif [[ "$VERSION" =~ ^[[:alnum:]._-]+$ ]] && [ -n "$DESCRIBE" ]; then
	pass "srconf -V: version $VERSION comes from git describe"
else
	fail "srconf -V: version comes from git describe" "built: $VERSION" "git describe: $DESCRIBE"
fi
for args in -V --version; do
	run "$SRCONF" $args
	check "srconf $args prints srconf <version>" 0 "" "srconf $VERSION"
done

"$SRCONF" -V >/dev/full 2>"$TMP/err"
rc=$?
if [ "$rc" = 1 ] && [ "$(cat "$TMP/err")" = "Error: cannot write the output: No space left on device." ]; then
	pass "write error on stdout: exit 1 with a message"
else
	fail "write error on stdout: exit 1 with a message" "exit $rc" "stderr: $(cat "$TMP/err")"
fi

# The man page SYNOPSIS is the usage text, with roff's \- for '-'.
sed -n '/^\.SH SYNOPSIS/,/^\.fi/p' "$DIR/srconf.8" | sed '1,/^\.nf/d;/^\.fi/d;s/\\-/-/g' >"$TMP/man"
if [ "$(cat "$TMP/man")" = "$USAGE" ]; then
	pass "srconf.8 SYNOPSIS matches srconf --help"
else
	fail "srconf.8 SYNOPSIS matches srconf --help" "$(diff <(echo "$USAGE") "$TMP/man")"
fi

# ---------------------------------------------------------------------------
# No module on this host: commands that need srext.ko fail on the family
# lookup, exactly so; the others do the seg6local part alone (this namespace
# has no seg6local route yet).
# ---------------------------------------------------------------------------
NOTFOUND='Error: generic netlink family "SREXT" not found: is srext.ko loaded?'
if [ -d /sys/module/srext ]; then
	skip "family not found" "srext.ko is loaded on this host"
else
	for args in "sid a fc00::1 behavior END.AD6 iif lo oif lo nh6 fd00::2" \
		    "sid add fc00::1 behavior end.ad4 nh4 10.0.0.2 oif lo iif lo" \
		    "$AS6 segs fc00::2,fc00::3" "$AS4 segs fc00::2" \
		    "sid add fc00::1 behavior End.am nh6 fd00::2 oif lo iif lo" \
		    "$AD6 cache flow max 2 timeout 2" "$AD4 cache interface" \
		    "$ADD mac 02:00:00:00:00:01 oif lo iif lo" \
		    "localsid add 2::AD6:F1 end.ad6 ip 2:f1::f1 lo lo"; do
		# shellcheck disable=SC2086
		run "$SRCONF" $args
		check "srconf $args: family not found" 1 "$NOTFOUND" ""
	done
	for args in "sid show" "sid" "s sh" "sid list" "sid ls" "localsid show" \
		    "localsid" "sid flush" "localsid flush" "sid clear-stats" \
		    "localsid clear-counters" "-s sid show"; do
		# shellcheck disable=SC2086
		run "$SRCONF" $args
		check "srconf $args: no family, no seg6local route: nothing, exit 0" 0 "" ""
	done
	run "$SRCONF" -j sid show
	check "srconf -j sid show: no family, no seg6local route: []" 0 "" "[]"
	run "$SRCONF" -j -p -s sid show
	check "srconf -j -p -s sid show: no family, no seg6local route: []" 0 "" "[]"
	for args in "sid show fc00::1" "-j sid show fc00::1" "sid del fc00::1" \
		    "sid delete fc00::1" "sid clear-stats fc00::1" \
		    "localsid del fc00::1" "localsid show fc00::1" \
		    "localsid clear-counters fc00::1"; do
		# shellcheck disable=SC2086
		run "$SRCONF" $args
		check "srconf $args: no family, no route: SID not found" 1 \
			'Error: SID "fc00::1" not found.' ""
	done
fi

# jq_check DESC FILTER WANT: apply FILTER to the last stdout (every value in
# it, for the one-object-per-line output of monitor use jq -s)
HAVE_JQ=0
command -v jq >/dev/null 2>&1 && HAVE_JQ=1
jq_check() {
	local got
	if [ "$HAVE_JQ" = 0 ]; then
		skip "$1" "jq is not installed"
	elif ! got=$(jq -c "$2" <<<"$OUT" 2>&1); then
		fail "$1" "jq: $got" "output: $OUT"
	elif [ "$got" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got:  $got" "want: $3"
	fi
}

# ---------------------------------------------------------------------------
# Fake kernel: requests
# ---------------------------------------------------------------------------
export SRCONF_FAKE_TRACE=$TMP/trace

# trace_check DESC WANT_TRACE: the one request the last run sent
trace_check() {
	local got
	got=$(cat "$TMP/trace" 2>/dev/null)
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "request: '$got'" "   want: '$2'"
	fi
	rm -f "$TMP/trace"
}

rm -f "$TMP/trace"
ADD_REQ="SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:1 3=fd00::2 4=u32:1 5=u32:1"
run "$FAKE" sid add fc00::9 behavior End.AD6 nh6 fd00::2 oif lo iif lo
check "fake: sid add succeeds silently" 0 "" ""
trace_check "fake: sid add request attributes" "$ADD_REQ"
run "$FAKE" sid a fc00::9 behavior eNd.Ad6 iif lo nh6 fd00::2 oif lo
check "fake: sid a, keywords in any order" 0 "" ""
trace_check "fake: same request whatever the keyword order" "$ADD_REQ"
run "$FAKE" sid add fc00:2::f1 behavior end.ad6 nh6 fd00::2 oif lo iif lo
check "fake: adding an existing SID prints the extack" 1 "Error: srext: SID already exists." ""

# Attribute numbers: 8 NH4 (shown as IPv4), 9 SRC, 10 SEGS (its SEG_ADDRs in
# the order sent). The fake refuses an ADD whose attributes are not exactly
# those of the behaviour, or whose segment nest lacks NLA_F_NESTED.
rm -f "$TMP/trace"
run "$FAKE" sid add fc00::9 behavior End.AD4 nh4 192.0.2.2 oif lo iif lo
check "fake: sid add End.AD4" 0 "" ""
trace_check "fake: End.AD4 request: nh4 as 4 bytes" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:2 4=u32:1 5=u32:1 8=192.0.2.2"
run "$FAKE" sid add fc00::9 behavior end.as6 segs fc00:e::d6,fc00:9::1 src fd00:12::2 iif lo oif lo nh6 fd00:f1::2
check "fake: sid add End.AS6" 0 "" ""
trace_check "fake: End.AS6 request: src, segs nest in the order given" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:3 3=fd00:f1::2 4=u32:1 5=u32:1 9=fd00:12::2 10=[fc00:e::d6,fc00:9::1]"
run "$FAKE" sid add fc00::9 behavior END.AS4 nh4 192.0.2.6 oif lo iif lo src fd00:12::2 segs fc00:9::1,fc00:e::d6,fc00:9::1
check "fake: sid add End.AS4" 0 "" ""
trace_check "fake: End.AS4 request: repeated segments kept" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:4 4=u32:1 5=u32:1 8=192.0.2.6 9=fd00:12::2 10=[fc00:9::1,fc00:e::d6,fc00:9::1]"
run "$FAKE" sid add fc00::9 behavior end.am nh6 fd00:f3::2 oif lo iif lo
check "fake: sid add End.AM" 0 "" ""
trace_check "fake: End.AM request" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:5 3=fd00:f3::2 4=u32:1 5=u32:1"
# Attribute numbers: 11 CACHE (0 interface, 1 flow), 12 CACHE_MAX,
# 13 CACHE_TIMEOUT; sent only when given.
run "$FAKE" sid add fc00::9 behavior End.AD6 nh6 fd00::2 oif lo iif lo cache flow max 2 timeout 2
check "fake: sid add End.AD6 cache flow max 2 timeout 2" 0 "" ""
trace_check "fake: cache flow, max and timeout sent as u32" \
	"$ADD_REQ 11=u32:1 12=u32:2 13=u32:2"
run "$FAKE" sid add fc00::9 behavior End.AD6 cache flow timeout 86400 nh6 fd00::2 max 1048576 oif lo iif lo
check "fake: sid add, cache keywords among the others" 0 "" ""
trace_check "fake: the largest max and timeout" \
	"$ADD_REQ 11=u32:1 12=u32:1048576 13=u32:86400"
run "$FAKE" sid add fc00::9 behavior End.AD6 nh6 fd00::2 oif lo iif lo cache flow
check "fake: sid add End.AD6 cache flow" 0 "" ""
trace_check "fake: cache flow alone: no max, no timeout sent" "$ADD_REQ 11=u32:1"
run "$FAKE" sid add fc00::9 behavior End.AD6 nh6 fd00::2 oif lo iif lo cache interface
check "fake: sid add End.AD6 cache interface" 0 "" ""
trace_check "fake: cache interface sent explicitly as 0" "$ADD_REQ 11=u32:0"
run "$FAKE" sid add fc00::9 behavior End.AD4 nh4 192.0.2.2 oif lo iif lo cache flow timeout 1 max 1
check "fake: sid add End.AD4 cache flow" 0 "" ""
trace_check "fake: End.AD4 cache flow max 1 timeout 1" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:2 4=u32:1 5=u32:1 8=192.0.2.2 11=u32:1 12=u32:1 13=u32:1"
run "$FAKE" $AS6 segs "$SEGS64"
check "fake: sid add with 64 segments" 0 "" ""
trace_check "fake: 64 segments sent" \
	"SID_ADD v1 REQUEST ACK 1=fc00::1 2=u32:3 3=fd00::2 4=u32:1 5=u32:1 9=fd00::3 10=[$SEGS64]"

rm -f "$TMP/trace"
for cmd in del delete d de; do
	run "$FAKE" sid $cmd fc00:2::f1
	check "fake: sid $cmd succeeds silently" 0 "" ""
	trace_check "fake: sid $cmd request" "SID_DEL v1 REQUEST ACK 1=fc00:2::f1"
done
run "$FAKE" sid del fc00::9
check "fake: deleting a SID neither owner has: SID not found" 1 'Error: SID "fc00::9" not found.' ""
rm -f "$TMP/trace"
run "$FAKE" sid flush
check "fake: sid flush succeeds silently" 0 "" ""
trace_check "fake: sid flush request" "SID_FLUSH v1 REQUEST ACK"
run "$FAKE" sid show
trace_check "fake: sid show is a dump" "SID_GET v1 REQUEST DUMP"
run "$FAKE" sid
trace_check "fake: sid alone is sid show" "SID_GET v1 REQUEST DUMP"
run "$FAKE" sid show fc00:2::f2
trace_check "fake: sid show SID is a doit GET" "SID_GET v1 REQUEST ACK 1=fc00:2::f2"
# 5 SREXT_CMD_SID_CLEAR_STATS: with the SID, or without attribute for all
run "$FAKE" sid clear-stats fc00:2::f1
check "fake: sid clear-stats SID succeeds silently" 0 "" ""
trace_check "fake: sid clear-stats SID request" "SID_CLEAR_STATS v1 REQUEST ACK 1=fc00:2::f1"
run "$FAKE" sid clear-stats
check "fake: sid clear-stats succeeds silently" 0 "" ""
trace_check "fake: sid clear-stats request: no attribute" "SID_CLEAR_STATS v1 REQUEST ACK"
run "$FAKE" sid clear fc00:2::d4
check "fake: sid clear (a prefix) is clear-stats" 0 "" ""
trace_check "fake: sid clear request" "SID_CLEAR_STATS v1 REQUEST ACK 1=fc00:2::d4"
run "$FAKE" localsid clear-counters fc00:2::f1
check "fake: localsid clear-counters SID succeeds silently" 0 "" ""
trace_check "fake: localsid clear-counters is the same request" \
	"SID_CLEAR_STATS v1 REQUEST ACK 1=fc00:2::f1"
run "$FAKE" localsid clear-counters
trace_check "fake: localsid clear-counters without SID" "SID_CLEAR_STATS v1 REQUEST ACK"
run "$FAKE" sid clear-stats fc00::77
check "fake: clear-stats of a SID neither owner has" 1 'Error: SID "fc00::77" not found.' ""
trace_check "fake: clear-stats of a missing SID asks the module only" \
	"SID_CLEAR_STATS v1 REQUEST ACK 1=fc00::77"
SRCONF_FAKE_ERRNO=1 run "$FAKE" sid clear-stats
check "fake: clear-stats: a kernel error is printed" 1 \
	"Error: Operation not permitted (srconf needs CAP_NET_ADMIN)." ""
SRCONF_FAKE_ERRNO=1 SRCONF_FAKE_EXTACK="srext: no" run "$FAKE" sid clear-stats fc00:2::f1
check "fake: clear-stats SID: a kernel error other than ENOENT is printed" 1 \
	"Error: srext: no." ""
rm -f "$TMP/trace"
# 14 SREXT_A_SID_MAC: 6 bytes, in place of nh6 (3) or nh4 (8)
run "$FAKE" sid add fc00::9 behavior End.AD6 mac 02:00:00:00:F3:02 oif lo iif lo
check "fake: sid add End.AD6 mac" 0 "" ""
trace_check "fake: mac sent as 6 bytes instead of nh6" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:1 4=u32:1 5=u32:1 14=02:00:00:00:f3:02"
run "$FAKE" sid add fc00::9 behavior end.ad4 oif lo iif lo mac 0a:1b:2c:3d:4e:5f cache flow max 5
check "fake: sid add End.AD4 mac cache flow" 0 "" ""
trace_check "fake: mac instead of nh4, with the cache" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:2 4=u32:1 5=u32:1 11=u32:1 12=u32:5 14=0a:1b:2c:3d:4e:5f"
run "$FAKE" sid add fc00::9 behavior end.as6 mac 02:00:00:00:00:01 oif lo iif lo src fd00::3 segs fc00::2
check "fake: sid add End.AS6 mac" 0 "" ""
trace_check "fake: End.AS6 mac request" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:3 4=u32:1 5=u32:1 9=fd00::3 10=[fc00::2] 14=02:00:00:00:00:01"
run "$FAKE" sid add fc00::9 behavior end.as4 mac 02:00:00:00:00:01 oif lo iif lo src fd00::3 segs fc00::2
trace_check "fake: End.AS4 mac request" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:4 4=u32:1 5=u32:1 9=fd00::3 10=[fc00::2] 14=02:00:00:00:00:01"
run "$FAKE" sid add fc00::9 behavior end.am mac 02:00:00:00:00:01 oif lo iif lo
trace_check "fake: End.AM mac request" \
	"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:5 4=u32:1 5=u32:1 14=02:00:00:00:00:01"
unset SRCONF_FAKE_TRACE

# ---------------------------------------------------------------------------
# Fake kernel: text output
# ---------------------------------------------------------------------------
# One SID: "owner" right after the behavior, "state" (up: oif and iif up
# with carrier; if424242 does not exist) last.
L1="fc00:2::f1 behavior End.AD6 owner srext nh6 fd00:f1::2 oif lo iif lo state up"
L2="fc00:2::f2 behavior End.AD6 owner srext nh6 fd00:f2::2 oif if424242 iif if424243 cache flow max 1048576 timeout 86400 state down"
L3="fc00:2::d4 behavior End.AD4 owner srext nh4 192.0.2.2 oif lo iif lo cache flow max 1024 timeout 60 state up"
L4="fc00:2::a1 behavior End.AS6 owner srext nh6 fd00:f1::2 oif lo iif lo src fd00:12::2 segs fc00:e::d6,fc00:9::1 state up"
L5="fc00:2::a2 behavior End.AS4 owner srext nh4 192.0.2.6 oif lo iif lo src fd00:12::2 segs fc00:9::1 state up"
L6="fc00:2::a3 behavior End.AM owner srext nh6 fd00:f3::2 oif lo iif lo state up"
L7="fc00:2::99 behavior behavior_99 owner srext nh6 fd00:99::2 nh4 192.0.2.99 oif lo iif lo src fd00:99::1 segs fc00:e::1,fc00:e::2,fc00:e::3 cache cache_7 max 5 timeout 9 state up"
# A listing: the first line of every record as a table: the SID, then one
# column per keyword (behavior, owner, the keywords in key_table order,
# state), each padded to its widest cell and left blank where a record has
# no such keyword; a keyword no record has takes no column, and the last
# cell of a line is unpadded.
A1="fc00:2::f1 behavior End.AD6     owner srext nh6 fd00:f1::2                oif lo       iif lo                                                                                                 state up"
A2="fc00:2::f2 behavior End.AD6     owner srext nh6 fd00:f2::2                oif if424242 iif if424243                                                   cache flow    max 1048576 timeout 86400 state down"
A3="fc00:2::d4 behavior End.AD4     owner srext                nh4 192.0.2.2  oif lo       iif lo                                                         cache flow    max 1024    timeout 60    state up"
A4="fc00:2::a1 behavior End.AS6     owner srext nh6 fd00:f1::2                oif lo       iif lo       src fd00:12::2 segs fc00:e::d6,fc00:9::1                                                  state up"
A5="fc00:2::a2 behavior End.AS4     owner srext                nh4 192.0.2.6  oif lo       iif lo       src fd00:12::2 segs fc00:9::1                                                             state up"
A6="fc00:2::a3 behavior End.AM      owner srext nh6 fd00:f3::2                oif lo       iif lo                                                                                                 state up"
A7="fc00:2::99 behavior behavior_99 owner srext nh6 fd00:99::2 nh4 192.0.2.99 oif lo       iif lo       src fd00:99::1 segs fc00:e::1,fc00:e::2,fc00:e::3 cache cache_7 max 5       timeout 9     state up"
LINES="$A1
$A2
$A3
$A4
$A5
$A6
$A7"
M=18446744073709551615
S1="    to vnf: 10 packets 1040 bytes  from vnf: 9 packets 936 bytes  cache updates: 1  evictions: 0  cache limited: 3
    drops: bad_srh 1 no_srh 2 sl_zero 3 hop_limit 4 bad_inner 5 no_cache 6 no_route 7 no_mem 8 too_big 9 bad_ext 10 bad_hmac 11 reason_42 42"
S2="    to vnf: $M packets $M bytes  from vnf: $M packets $M bytes  cache updates: $M  evictions: $M  cache limited: $M
    drops: bad_srh $M no_srh $M sl_zero $M hop_limit $M bad_inner $M no_cache $M no_route $M no_mem $M too_big $M bad_ext $M bad_hmac $M"
S0="    to vnf: 0 packets 0 bytes  from vnf: 0 packets 0 bytes  cache updates: 0  evictions: 0  cache limited: 0
    drops: bad_srh 0 no_srh 0 sl_zero 0 hop_limit 0 bad_inner 0 no_cache 0 no_route 0 no_mem 0 too_big 0 bad_ext 0 bad_hmac 0"
S3="    to vnf: 0 packets 0 bytes  from vnf: 0 packets 0 bytes  cache updates: 0  evictions: 7  cache limited: 0
    drops: bad_srh 0 no_srh 0 sl_zero 0 hop_limit 0 bad_inner 0 no_cache 0 no_route 0 no_mem 0 too_big 0 bad_ext 0 bad_hmac 0"

run "$FAKE" sid show
check "fake: text, one line per SID, in columns" 0 "" "$LINES"
if [ "$(tr -s ' ' <<<"$OUT")" = "$L1
$L2
$L3
$L4
$L5
$L6
$L7" ]; then
	pass "fake: text, values in key order, owner after behavior, state last"
else
	fail "fake: text, values in key order, owner after behavior, state last" "$OUT"
fi
if grep -q ' $' <<<"$OUT"; then
	fail "fake: text, no trailing blanks" "$OUT"
else
	pass "fake: text, no trailing blanks"
fi
run "$FAKE" -s sid list
check "fake: text with -s: stats lines below each record, not aligned" 0 "" "$A1
$S1
$A2
$S2
$A3
$S3
$A4
$S0
$A5
$S0
$A6
$S0
$A7
$S0"
run "$FAKE" sid ls fc00:2::f1
check "fake: text, one SID" 0 "" "$L1"
run "$FAKE" sid show fc00:2::a1
check "fake: text, End.AS6 SID: segs comma-separated" 0 "" "$L4"
run "$FAKE" sid show fc00:2::d4
check "fake: text, cache flow with its max and timeout at the end" 0 "" "$L3"
SRCONF_FAKE_EMPTY=1 run "$FAKE" -s sid show
check "fake: text, empty table prints nothing" 0 "" ""

# ---------------------------------------------------------------------------
# Fake kernel: JSON output
# ---------------------------------------------------------------------------
if ! command -v jq >/dev/null 2>&1; then
	skip "JSON output" "jq is not installed"
else
	DROPS=$(sed -n '/^enum srext_drop_reason/,/^};/p' "$UAPI" |
		grep -o '/\* "[a-z_0-9]*"' | grep -o '[a-z_0-9]*' |
		jq -R . | jq -sc '. + ["reason_42"]')
	SIDKEYS='["sid","behavior","owner","nh6","oif","iif","cache","state"]'
	AD4KEYS='["sid","behavior","owner","nh4","oif","iif","cache","state"]'
	AS6KEYS='["sid","behavior","owner","nh6","oif","iif","src","segs","state"]'
	AS4KEYS='["sid","behavior","owner","nh4","oif","iif","src","segs","state"]'
	AMKEYS='["sid","behavior","owner","nh6","oif","iif","state"]'
	ALLKEYS='["sid","behavior","owner","nh6","nh4","oif","iif","src","segs","cache","state"]'
	STATKEYS='["packets_to_vnf","bytes_to_vnf","packets_from_vnf","bytes_from_vnf","cache_updates","evictions","cache_limited","drops"]'

	run "$FAKE" -j sid show
	check "fake: -j exits 0, no stderr" 0 "" "$OUT"
	jq_check "fake: -j is an array of 7 SIDs" 'length' 7
	jq_check "fake: -j keys in order, only those sent, no stats" '[.[] | keys_unsorted]' \
		"[$SIDKEYS,$SIDKEYS,$AD4KEYS,$AS6KEYS,$AS4KEYS,$AMKEYS,$ALLKEYS]"
	jq_check "fake: -j cache interface is a string" '.[0]' \
		'{"sid":"fc00:2::f1","behavior":"End.AD6","owner":"srext","nh6":"fd00:f1::2","oif":"lo","iif":"lo","cache":"interface","state":"up"}'
	jq_check "fake: -j values, cache flow an object with max and timeout" '.[1]' \
		'{"sid":"fc00:2::f2","behavior":"End.AD6","owner":"srext","nh6":"fd00:f2::2","oif":"if424242","iif":"if424243","cache":{"flow":{"max":1048576,"timeout":86400}},"state":"down"}'
	jq_check "fake: -j End.AD4 values" '.[2]' \
		'{"sid":"fc00:2::d4","behavior":"End.AD4","owner":"srext","nh4":"192.0.2.2","oif":"lo","iif":"lo","cache":{"flow":{"max":1024,"timeout":60}},"state":"up"}'
	jq_check "fake: -j cache flow: max and timeout are integers" \
		'[.[2].cache.flow | keys_unsorted, ([.[]] | map(type))]' '[["max","timeout"],["number","number"]]'
	jq_check "fake: -j End.AS6 values, segs an array in visiting order" '.[3]' \
		'{"sid":"fc00:2::a1","behavior":"End.AS6","owner":"srext","nh6":"fd00:f1::2","oif":"lo","iif":"lo","src":"fd00:12::2","segs":["fc00:e::d6","fc00:9::1"],"state":"up"}'
	jq_check "fake: -j End.AS4 values, one segment is still an array" '.[4]' \
		'{"sid":"fc00:2::a2","behavior":"End.AS4","owner":"srext","nh4":"192.0.2.6","oif":"lo","iif":"lo","src":"fd00:12::2","segs":["fc00:9::1"],"state":"up"}'
	jq_check "fake: -j End.AM values" '.[5]' \
		'{"sid":"fc00:2::a3","behavior":"End.AM","owner":"srext","nh6":"fd00:f3::2","oif":"lo","iif":"lo","state":"up"}'
	jq_check "fake: -j every attribute of a newer behaviour, unknown nest members skipped" '.[6]' \
		'{"sid":"fc00:2::99","behavior":"behavior_99","owner":"srext","nh6":"fd00:99::2","nh4":"192.0.2.99","oif":"lo","iif":"lo","src":"fd00:99::1","segs":["fc00:e::1","fc00:e::2","fc00:e::3"],"cache":{"cache_7":{"max":5,"timeout":9}},"state":"up"}'
	if [ "$(wc -l <"$TMP/out")" = 1 ]; then
		pass "fake: -j is one line"
	else
		fail "fake: -j is one line" "$OUT"
	fi

	run "$FAKE" -j -s sid show
	COMPACT=$OUT
	check "fake: -j -s exits 0, no stderr" 0 "" "$OUT"
	jq_check "fake: -j -s SID keys end with stats" '.[0] | keys_unsorted' \
		"${SIDKEYS%]},\"stats\"]"
	jq_check "fake: -j -s stats after segs and cache" '.[6] | keys_unsorted' \
		"${ALLKEYS%]},\"stats\"]"
	jq_check "fake: -j -s every SID has stats last" '[.[] | keys_unsorted | last] | unique' \
		'["stats"]'
	jq_check "fake: -j -s stats keys in order" '.[0].stats | keys_unsorted' "$STATKEYS"
	jq_check "fake: -j -s drop reasons are the uAPI names, then reason_42" \
		'.[0].stats.drops | keys_unsorted' "$DROPS"
	jq_check "fake: -j -s counters" \
		'.[0].stats | [.packets_to_vnf, .bytes_to_vnf, .packets_from_vnf, .bytes_from_vnf, .cache_updates, .evictions, .cache_limited]' \
		'[10,1040,9,936,1,0,3]'
	jq_check "fake: -j -s evictions after cache_updates" \
		'.[2].stats | [.cache_updates, .evictions]' '[0,7]'
	jq_check "fake: -j -s stats after cache" '.[2] | keys_unsorted' "${AD4KEYS%]},\"stats\"]"
	jq_check "fake: -j -s drop counts" '[.[0].stats.drops[]]' '[1,2,3,4,5,6,7,8,9,10,11,42]'
	jq_check "fake: -j -s all numbers are integers" \
		'[.. | numbers | select(. != floor)] | length' 0
	if grep -q "\"packets_to_vnf\":$M,\"bytes_to_vnf\":$M," "$TMP/out"; then
		pass "fake: -j -s prints u64 max exactly"
	else
		fail "fake: -j -s prints u64 max exactly" "$OUT"
	fi

	run "$FAKE" -jps sid show
	check "fake: -jps exits 0, no stderr" 0 "" "$OUT"
	jq_check "fake: -j -p -s holds the same data as -j -s" '.' "$(jq -c . <<<"$COMPACT")"
	if [ "$(sed -n 2p "$TMP/out")" = "    {" ] &&
	   [ "$(sed -n 3p "$TMP/out")" = '        "sid": "fc00:2::f1",' ] &&
	   [ "$(head -1 "$TMP/out")" = "[" ] && [ "$(tail -1 "$TMP/out")" = "]" ]; then
		pass "fake: -p indents by four spaces"
	else
		fail "fake: -p indents by four spaces" "$OUT"
	fi

	run "$FAKE" --json --pretty --stats sid show fc00:2::f2
	jq_check "fake: show SID is an array of one" 'map(.sid)' '["fc00:2::f2"]'
	run "$FAKE" -jp sid show fc00:2::a1
	jq_check "fake: -j -p segs array parses" '.[0].segs' '["fc00:e::d6","fc00:9::1"]'
	if [ "$(grep -c '^            "fc00:' "$TMP/out")" = 2 ]; then
		pass "fake: -p puts one segment per line, indented"
	else
		fail "fake: -p puts one segment per line, indented" "$OUT"
	fi
	run "$FAKE" -jp sid show fc00:2::d4
	jq_check "fake: -j -p cache object parses" '.[0].cache' '{"flow":{"max":1024,"timeout":60}}'
	if [ "$(sed -n '/"cache"/,/^        }/p' "$TMP/out")" = '        "cache": {
            "flow": {
                "max": 1024,
                "timeout": 60
            }
        },' ]; then
		pass "fake: -p indents the cache object level by level"
	else
		fail "fake: -p indents the cache object level by level" "$OUT"
	fi

	SRCONF_FAKE_EMPTY=1 run "$FAKE" -j sid show
	check "fake: -j empty table is []" 0 "" "[]"
	SRCONF_FAKE_EMPTY=1 run "$FAKE" -j -p -s sid show
	check "fake: -j -p empty table is []" 0 "" "[]"

	run "$UNIT" json
	jq_check "JSON strings: escapes decode to the original bytes" \
		'[.[] | to_entries[0] | .key == .value] | all' true
	jq_check "JSON strings: quote, backslash and control characters" \
		'[.[1][], .[2][], .[3][]]' \
		'["quote\"back\\slash","tab\tnl\ncr\r","\u0001\u001f\u007f"]'
	jq_check "JSON strings: invalid UTF-8 becomes U+FFFD" \
		'[.[5][], .[6][]] == ["bad\ufffd\ufffd\ufffdend", "\ufffd\ufffd\ufffdsurrogate"]' true
	run "$UNIT" json pretty
	jq_check "JSON strings: pretty output parses" 'length' 8
fi

# ---------------------------------------------------------------------------
# Fake kernel: errors
# ---------------------------------------------------------------------------
SRCONF_FAKE_ERRNO=1 run "$FAKE" sid flush
check "fake: EPERM without extack names CAP_NET_ADMIN" 1 \
	"Error: Operation not permitted (srconf needs CAP_NET_ADMIN)." ""
SRCONF_FAKE_ERRNO=1 SRCONF_FAKE_EXTACK="srext: not here." run "$FAKE" sid flush
check "fake: an extack ending in a period gets no second one" 1 "Error: srext: not here." ""
SRCONF_FAKE_ERRNO=95 run "$FAKE" -j sid show
check "fake: errno without extack prints strerror, no stdout" 1 "Error: Operation not supported." ""
SRCONF_FAKE_ERRNO=22 SRCONF_FAKE_UNCAPPED=1 SRCONF_FAKE_EXTACK="srext: bad nh6" \
	run "$FAKE" sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif lo iif lo
check "fake: extack found after an echoed (uncapped) request" 1 "Error: srext: bad nh6." ""
run "$FAKE" -j sid show fc00::9
check "fake: show of a SID neither owner has: SID not found, no stdout" 1 'Error: SID "fc00::9" not found.' ""
run "$FAKE" sid show fc00::9
check "fake: text show of a SID neither owner has" 1 'Error: SID "fc00::9" not found.' ""
SRCONF_FAKE_WARNING="srext: just saying" run "$FAKE" sid flush
check "fake: extack on a successful ACK is a warning" 0 "Warning: srext: just saying." ""
SRCONF_FAKE_DUMP_ERRNO=5 run "$FAKE" -j sid show
check "fake: error in NLMSG_DONE fails the dump" 1 "Error: srext: dump failed." "$OUT"
if jq -e 'length == 7' <<<"$OUT" >/dev/null 2>&1; then
	pass "fake: JSON stays valid when a dump fails late"
else
	fail "fake: JSON stays valid when a dump fails late" "$OUT"
fi
SRCONF_FAKE_DUMP_INTR=1 run "$FAKE" sid show
check "fake: interrupted dump fails" 1 "Error: the SID table changed during the dump, try again." "$LINES"
SRCONF_FAKE_MALFORMED=nh6 run "$FAKE" -j sid show
check "fake: malformed attribute is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "nh6".' ""
SRCONF_FAKE_MALFORMED=nh4 run "$FAKE" -j sid show fc00:2::a2
check "fake: nh4 of 16 bytes is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "nh4".' ""
SRCONF_FAKE_MALFORMED=segs run "$FAKE" sid show fc00:2::a2
check "fake: a 4-byte segment is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "segs".' ""
SRCONF_FAKE_MALFORMED=segs-empty run "$FAKE" -j sid show fc00:2::a1
check "fake: an empty segment list is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "segs".' ""
SRCONF_FAKE_MALFORMED=cache run "$FAKE" -j sid show
check "fake: a cache of 8 bytes is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "cache".' ""
SRCONF_FAKE_MALFORMED=timeout run "$FAKE" sid show fc00:2::d4
check "fake: a timeout of 8 bytes is refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "timeout".' ""
SRCONF_FAKE_MALFORMED=evictions run "$FAKE" -s sid show fc00:2::f1
check "fake: evictions of 4 bytes are refused, nothing printed" 1 \
	'Error: malformed reply from the kernel: attribute "evictions".' ""
SRCONF_FAKE_MALFORMED=evictions run "$FAKE" sid show fc00:2::f1
check "fake: without -s the stats are still checked" 1 \
	'Error: malformed reply from the kernel: attribute "evictions".' ""
SRCONF_FAKE_ERRNO=22 SRCONF_FAKE_EXTACK="srext: cache max and timeout need cache flow" \
	run "$FAKE" sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif lo iif lo cache flow max 2
check "fake: the kernel's cache message is printed as is" 1 \
	"Error: srext: cache max and timeout need cache flow." ""

# ---------------------------------------------------------------------------
# Fake kernel: clear-stats and mac, seen through a batch (one process, so
# the fake's table outlives a request)
# ---------------------------------------------------------------------------
B=$TMP/batch
DROPS=${DROPS:-}
S0R="$S0 reason_42 0"

printf '%s\n' "sid clear-stats fc00:2::f1" "sid show fc00:2::f1" "sid show fc00:2::f2" >"$B"
run "$FAKE" -s -b "$B"
check "fake: clear-stats SID zeroes its counters, not the others'" 0 "" "$L1
$S0R
$L2
$S2"
printf '%s\n' "sid clear-stats fc00:2::f1" "sid show" >"$B"
run "$FAKE" -j -s -b "$B"
check "fake: -j clear-stats SID, then show: exit 0, no stderr" 0 "" "$OUT"
jq_check "fake: -j clear-stats SID: every counter and drop of it is 0" \
	'[.[0].stats | .. | numbers] | unique' '[0]'
jq_check "fake: -j clear-stats SID: the same drop reasons are sent" \
	'.[0].stats.drops | keys_unsorted' "$DROPS"
# (jq reads u64 max as a double: compare it with 1e19)
jq_check "fake: -j clear-stats SID: the other SIDs keep theirs" \
	'[.[1].stats.packets_to_vnf > 1e19, .[1].stats.drops.too_big > 1e19, .[2].stats.evictions]' \
	'[true,true,7]'
printf '%s\n' "sid clear-stats" "sid show" >"$B"
run "$FAKE" -j -s -b "$B"
jq_check "fake: -j clear-stats without SID: every counter of every SID is 0" \
	'[length, ([.[].stats | .. | numbers] | unique)]' '[7,[0]]'
jq_check "fake: -j clear-stats without SID: the SIDs stay" \
	'map(.sid)' '["fc00:2::f1","fc00:2::f2","fc00:2::d4","fc00:2::a1","fc00:2::a2","fc00:2::a3","fc00:2::99"]'
printf '%s\n' "localsid clear-counters fc00:2::d4" "sid show fc00:2::d4" >"$B"
run "$FAKE" -s -b "$B"
check "fake: localsid clear-counters SID zeroes the evictions too" 0 "" "$L3
$S0"

MAC1="fc00::9 behavior End.AD6 owner srext mac 02:00:00:00:f3:02 oif lo iif lo state up"
MAC2="fc00::a behavior End.AS4 owner srext mac 0a:1b:2c:3d:4e:5f oif lo iif lo src fd00::3 segs fc00::2 state up"
printf '%s\n' "sid add fc00::9 behavior End.AD6 mac 02:00:00:00:F3:02 oif lo iif lo" \
	"sid add fc00::a behavior end.as4 oif lo iif lo mac 0a:1b:2c:3d:4e:5f src fd00::3 segs fc00::2" \
	"sid show fc00::9" "sid show fc00::a" "sid show" >"$B"
SRCONF_FAKE_EMPTY=1 run "$FAKE" -b "$B"
check "fake: mac SIDs added, then shown: mac in place of nh6/nh4, lower case" 0 "" "$MAC1
$MAC2
fc00::9 behavior End.AD6 owner srext mac 02:00:00:00:f3:02 oif lo iif lo                          state up
$MAC2"
SRCONF_FAKE_EMPTY=1 run "$FAKE" -j -b "$B"
check "fake: -j mac SIDs: exit 0, no stderr" 0 "" "$OUT"
jq_check "fake: -j mac: one array per show, all parse" '[., inputs] | length' 3
OUT=$(sed -n 1p "$TMP/out")
jq_check "fake: -j End.AD6 mac values, mac after nh4's place" '.[0]' \
	'{"sid":"fc00::9","behavior":"End.AD6","owner":"srext","mac":"02:00:00:00:f3:02","oif":"lo","iif":"lo","cache":"interface","state":"up"}'
OUT=$(sed -n 2p "$TMP/out")
jq_check "fake: -j End.AS4 mac values" '.[0]' \
	'{"sid":"fc00::a","behavior":"End.AS4","owner":"srext","mac":"0a:1b:2c:3d:4e:5f","oif":"lo","iif":"lo","src":"fd00::3","segs":["fc00::2"],"state":"up"}'
printf '%s\n' "sid add fc00::9 behavior end.am mac 02:00:00:00:00:01 oif lo iif lo" "sid show" >"$B"
SRCONF_FAKE_EMPTY=1 SRCONF_FAKE_MALFORMED=mac run "$FAKE" -j -b "$B"
check "fake: a mac of 4 bytes is refused, nothing printed" 1 \
	"Error: $B:2: malformed reply from the kernel: attribute \"mac\"." ""

# ---------------------------------------------------------------------------
# The 2017 grammar against the fake: the same requests as "sid add"
# ---------------------------------------------------------------------------
export SRCONF_FAKE_TRACE=$TMP/trace
rm -f "$TMP/trace"
run "$FAKE" localsid add 2::AD6:F1 end.ad6 ip 2:f1::f1 lo lo
check "localsid: the paper's End.AD6 line (IF=lo)" 0 "" ""
trace_check "localsid: End.AD6: ip, TARGETIF, SOURCEIF as nh6, oif, iif" \
	"SID_ADD v1 REQUEST ACK 1=2::ad6:f1 2=u32:1 3=2:f1::f1 4=u32:1 5=u32:1"
run "$FAKE" localsid add 2::ad4:f1 END.AD4 ip 10.0.0.2 lo lo cache flow max 2 timeout 3
check "localsid: End.AD4 with a flow cache" 0 "" ""
trace_check "localsid: End.AD4: ip as nh4, cache keywords after the positionals" \
	"SID_ADD v1 REQUEST ACK 1=2::ad4:f1 2=u32:2 4=u32:1 5=u32:1 8=10.0.0.2 11=u32:1 12=u32:2 13=u32:3"
run "$FAKE" localsid add 2::ad6:f2 end.ad6 mac 02:00:00:00:00:01 lo lo
check "localsid: NEXTHOP mac" 0 "" ""
trace_check "localsid: mac sent as SREXT_A_SID_MAC" \
	"SID_ADD v1 REQUEST ACK 1=2::ad6:f2 2=u32:1 4=u32:1 5=u32:1 14=02:00:00:00:00:01"
run "$FAKE" localsid add 2::a5:1 end.as6 ip fd00::2 lo lo src fd00::3 segs fc00::1,fc00::2 left 1
check "localsid: End.AS6 with left = segments - 1" 0 "" ""
trace_check "localsid: End.AS6 request, left not sent" \
	"SID_ADD v1 REQUEST ACK 1=2::a5:1 2=u32:3 3=fd00::2 4=u32:1 5=u32:1 9=fd00::3 10=[fc00::1,fc00::2]"
run "$FAKE" localsid add 2::a4:1 end.as4 ip 10.0.0.2 lo lo segs fc00::1 src fd00::3
check "localsid: End.AS4 without left" 0 "" ""
trace_check "localsid: End.AS4 request" \
	"SID_ADD v1 REQUEST ACK 1=2::a4:1 2=u32:4 4=u32:1 5=u32:1 8=10.0.0.2 9=fd00::3 10=[fc00::1]"
run "$FAKE" localsid add 2::a3 end.am ip fd00::2 lo lo
check "localsid: End.AM" 0 "" ""
trace_check "localsid: End.AM request" \
	"SID_ADD v1 REQUEST ACK 1=2::a3 2=u32:5 3=fd00::2 4=u32:1 5=u32:1"
run "$FAKE" localsid add fc00:2::f1 end.ad6 ip 2:f1::f1 lo lo
check "localsid: adding an existing SID prints the extack" 1 "Error: srext: SID already exists." ""
rm -f "$TMP/trace"
run "$FAKE" localsid del fc00:2::f1
check "localsid del succeeds silently" 0 "" ""
trace_check "localsid del request" "SID_DEL v1 REQUEST ACK 1=fc00:2::f1"
run "$FAKE" localsid flush
check "localsid flush succeeds silently" 0 "" ""
trace_check "localsid flush request" "SID_FLUSH v1 REQUEST ACK"
unset SRCONF_FAKE_TRACE
run "$FAKE" localsid show
check "localsid show: the sid show listing" 0 "" "$LINES"
run "$FAKE" localsid
check "localsid alone: the sid show listing" 0 "" "$LINES"
run "$FAKE" localsid show fc00:2::d4
check "localsid show SID" 0 "" "$L3"

SKIP_REASON=$NO_SEG6LOCAL
# ---------------------------------------------------------------------------
# seg6local SIDs, for real in this namespace (the real srconf: no module)
# ---------------------------------------------------------------------------
# route_check DESC SID WANT: "ip -6 route show SID" (main table) holds WANT
# and srconf's protocol 83 ("srconf" once rt_protos.d names it)
route_check() {
	local got
	got=$(ip -6 route show table main "$2" 2>&1)
	if [[ "$got" == *"$3"* ]] && [[ "$got" =~ proto\ (83|srconf)( |$) ]] &&
	   [ "$(wc -l <<<"$got")" = 1 ]; then
		pass "$1"
	else
		fail "$1" "ip -6 route show $2: '$got'" "want: '$3' and proto 83"
	fi
}
# route_is absent|present DESC SID [TABLE]: whether there is a route to SID
# in the main table (or TABLE)
route_is() {
	local got
	got=$(ip -6 route show table "${4:-main}" "$3" 2>&1)
	if { [ "$1" = absent ] && [ -z "$got" ]; } ||
	   { [ "$1" = present ] && [ -n "$got" ]; }; then
		pass "$2"
	else
		fail "$2" "want the route to $3 $1 in table ${4:-main}: '$got'"
	fi
}
no_route() { route_is absent "$@"; }
has_route() { route_is present "$@"; }

run "$SRCONF" sid add fc00:5::1 behavior End
check "seg6local: sid add End" 0 "" ""
route_check "seg6local: End is a seg6local route on lo, protocol 83" fc00:5::1 \
	"encap seg6local action End dev lo"
run "$SRCONF" sid add fc00:5::2 behavior end.x nh6 fe80::1
check "seg6local: sid add End.X without oif" 0 "" ""
route_check "seg6local: End.X without oif: on lo" fc00:5::2 \
	"encap seg6local action End.X nh6 fe80::1 dev lo"
run "$SRCONF" sid add fc00:5::3 behavior End.X oif lo nh6 fe80::2
check "seg6local: sid add End.X oif lo" 0 "" ""
route_check "seg6local: End.X oif lo" fc00:5::3 \
	"encap seg6local action End.X nh6 fe80::2 dev lo"
run "$SRCONF" sid add fc00:5::4 behavior End.DX6 nh6 fd00:6::2 oif lo
check "seg6local: sid add End.DX6" 0 "" ""
route_check "seg6local: End.DX6 route" fc00:5::4 \
	"encap seg6local action End.DX6 nh6 fd00:6::2 dev lo"
run "$SRCONF" sid add fc00:5::5 behavior end.dx4 oif lo nh4 192.0.2.5
check "seg6local: sid add End.DX4" 0 "" ""
route_check "seg6local: End.DX4 route" fc00:5::5 \
	"encap seg6local action End.DX4 nh4 192.0.2.5 dev lo"
run "$SRCONF" sid add fc00:5::6 behavior END.DT6 table 100
check "seg6local: sid add End.DT6" 0 "" ""
route_check "seg6local: End.DT6 route" fc00:5::6 \
	"encap seg6local action End.DT6 table 100 dev lo"
run "$SRCONF" sid add fc00:5::1 behavior End.DT6 table 1
check "seg6local: adding an existing seg6local SID" 1 \
	'Error: SID "fc00:5::1" exists: it is a seg6local route.' ""
route_check "seg6local: the existing route is left as it was" fc00:5::1 \
	"encap seg6local action End dev lo"
run "$SRCONF" sid add fc00:5::1 behavior end.ad6 nh6 fd00::2 oif lo iif lo
check "seg6local: an srext SID over a seg6local route is refused before the family lookup" 1 \
	'Error: SID "fc00:5::1" exists: it is a seg6local route.' ""

R1="fc00:5::1 behavior End owner seg6local state up"
R2="fc00:5::2 behavior End.X owner seg6local nh6 fe80::1 state up"
R3="fc00:5::3 behavior End.X owner seg6local nh6 fe80::2 state up"
R4="fc00:5::4 behavior End.DX6 owner seg6local nh6 fd00:6::2 oif lo state up"
R5="fc00:5::5 behavior End.DX4 owner seg6local nh4 192.0.2.5 oif lo state up"
R6="fc00:5::6 behavior End.DT6 owner seg6local table 100 state up"
RC0="    0 packets 0 bytes  errors: 0"
RLIST="fc00:5::1 behavior End     owner seg6local                                              state up
fc00:5::2 behavior End.X   owner seg6local nh6 fe80::1                                  state up
fc00:5::3 behavior End.X   owner seg6local nh6 fe80::2                                  state up
fc00:5::4 behavior End.DX6 owner seg6local nh6 fd00:6::2               oif lo           state up
fc00:5::5 behavior End.DX4 owner seg6local               nh4 192.0.2.5 oif lo           state up
fc00:5::6 behavior End.DT6 owner seg6local                                    table 100 state up"
run "$SRCONF" sid show
check "seg6local: sid show lists the routes in columns" 0 "" "$RLIST"
if [ "$(tr -s ' ' <<<"$OUT")" = "$R1
$R2
$R3
$R4
$R5
$R6" ]; then
	pass "seg6local: text values; End.X's loopback oif left out, End.DX6/DX4's shown"
else
	fail "seg6local: text values; End.X's loopback oif left out, End.DX6/DX4's shown" "$OUT"
fi
run "$SRCONF" sid show fc00:5::4
check "seg6local: sid show SID" 0 "" "$R4"
run "$SRCONF" localsid show fc00:5::6
check "seg6local: localsid show SID" 0 "" "$R6"
run "$SRCONF" -s sid show fc00:5::1
check "seg6local: -s: the route's counters" 0 "" "$R1
$RC0"
run "$SRCONF" sid show fc00:5::9
check "seg6local: show of a SID that is no route" 1 'Error: SID "fc00:5::9" not found.' ""
run "$SRCONF" -j sid show
check "seg6local: -j exits 0, no stderr" 0 "" "$OUT"
jq_check "seg6local: -j values, owner seg6local, state up" '.' \
	'[{"sid":"fc00:5::1","behavior":"End","owner":"seg6local","state":"up"},{"sid":"fc00:5::2","behavior":"End.X","owner":"seg6local","nh6":"fe80::1","state":"up"},{"sid":"fc00:5::3","behavior":"End.X","owner":"seg6local","nh6":"fe80::2","state":"up"},{"sid":"fc00:5::4","behavior":"End.DX6","owner":"seg6local","nh6":"fd00:6::2","oif":"lo","state":"up"},{"sid":"fc00:5::5","behavior":"End.DX4","owner":"seg6local","nh4":"192.0.2.5","oif":"lo","state":"up"},{"sid":"fc00:5::6","behavior":"End.DT6","owner":"seg6local","table":100,"state":"up"}]'
jq_check "seg6local: -j table is a number" '.[5].table | type' '"number"'
run "$SRCONF" -j -s sid show
check "seg6local: -j -s exits 0, no stderr" 0 "" "$OUT"
jq_check "seg6local: -j -s stats last, after state" '[.[] | keys_unsorted[-2:]] | unique' \
	'[["state","stats"]]'
jq_check "seg6local: -j -s stats keys packets, bytes, errors" \
	'[.[].stats | keys_unsorted] | unique' '[["packets","bytes","errors"]]'
jq_check "seg6local: -j -s counters are 0" '[.[].stats[]] | unique' '[0]'
jq_check "seg6local: -j -s End.DX6 keys" '.[3] | keys_unsorted' \
	'["sid","behavior","owner","nh6","oif","state","stats"]'
run "$SRCONF" -jp sid show fc00:5::1
check "seg6local: -j -p one SID" 0 "" '[
    {
        "sid": "fc00:5::1",
        "behavior": "End",
        "owner": "seg6local",
        "state": "up"
    }
]'
run "$SRCONF" -j sid show fc00:5::9
check "seg6local: -j show of a missing SID: nothing on stdout" 1 \
	'Error: SID "fc00:5::9" not found.' ""

# Routes srconf did not add: listed by action name, whoever added them.
ip -6 route add fc00:5::a encap seg6local action End dev lo
ip -6 route add fc00:5::b encap seg6local action End.T table 100 dev lo
run "$SRCONF" sid show fc00:5::a
check "seg6local: a route added by ip is listed" 0 "" \
	"fc00:5::a behavior End owner seg6local state up"
run "$SRCONF" -j sid show fc00:5::b
jq_check "seg6local: an action srconf does not program shows by name" '.' \
	'[{"sid":"fc00:5::b","behavior":"End.T","owner":"seg6local","table":100,"state":"up"}]'
run "$SRCONF" sid add fc00:5::a behavior End
check "seg6local: a SID added by ip exists too" 1 \
	'Error: SID "fc00:5::a" exists: it is a seg6local route.' ""
# Not SIDs of the table: a plain route, another table's seg6local route.
ip -6 route add fc00:5::c/128 dev lo
ip -6 route add fc00:5::d encap seg6local action End dev lo table 200
ip -6 route add fc00:5:1::/64 encap seg6local action End dev lo
run "$SRCONF" sid show fc00:5::c
check "seg6local: a plain route is not a SID" 1 'Error: SID "fc00:5::c" not found.' ""
run "$SRCONF" sid show fc00:5::d
check "seg6local: a route of another table is not a SID" 1 'Error: SID "fc00:5::d" not found.' ""
run "$SRCONF" sid del fc00:5::c
check "seg6local: sid del of a plain route: not found" 1 'Error: SID "fc00:5::c" not found.' ""
has_route "seg6local: ... and the plain route stays" fc00:5::c
# A plain route and a seg6local one to the same address (other metrics):
# del removes the seg6local one only, whichever the kernel finds first.
ip -6 route add fc00:5::e/128 dev lo metric 100
ip -6 route add fc00:5::e/128 encap seg6local action End dev lo metric 2000
run "$SRCONF" sid del fc00:5::e
check "seg6local: sid del beside a plain route to the same address" 0 "" ""
if [ "$(ip -6 route show fc00:5::e | grep -c seg6local) $(ip -6 route show fc00:5::e | grep -c 'metric 100 ')" = "0 1" ]; then
	pass "seg6local: ... the seg6local route went, the plain one stays"
else
	fail "seg6local: ... the seg6local route went, the plain one stays" "$(ip -6 route show fc00:5::e)"
fi
ip -6 route del fc00:5::e/128 metric 100
run "$SRCONF" -j sid show
jq_check "seg6local: listing: main table's seg6local routes, a prefix with its length" \
	'map(.sid)' '["fc00:5::1","fc00:5::2","fc00:5::3","fc00:5::4","fc00:5::5","fc00:5::6","fc00:5::a","fc00:5::b","fc00:5:1::/64"]'

if ip link add srcv0 type veth peer name srcv1 2>/dev/null &&
   ip link set srcv0 up && ip link set srcv1 up; then
	run "$SRCONF" sid add fc00:5::7 behavior End.X nh6 fe80::3 oif srcv0
	check "seg6local: sid add End.X oif veth" 0 "" ""
	route_check "seg6local: End.X on the veth" fc00:5::7 \
		"encap seg6local action End.X nh6 fe80::3 dev srcv0"
	run "$SRCONF" sid show fc00:5::7
	check "seg6local: End.X shows an oif that is not the loopback" 0 "" \
		"fc00:5::7 behavior End.X owner seg6local nh6 fe80::3 oif srcv0 state up"
	ip link set srcv1 down
	run "$SRCONF" -j sid show fc00:5::7
	jq_check "seg6local: state down when the oif has no carrier" '.[0] | [.oif, .state]' \
		'["srcv0","down"]'
	run "$SRCONF" sid del fc00:5::7
	check "seg6local: sid del End.X on the veth" 0 "" ""
	no_route "seg6local: its route is gone" fc00:5::7
	ip link del srcv0
else
	skip "seg6local: End.X with a device other than lo" "cannot create a veth pair"
fi

run "$SRCONF" sid del fc00:5::1
check "seg6local: sid del" 0 "" ""
no_route "seg6local: sid del removed the route" fc00:5::1
run "$SRCONF" sid del fc00:5::1
check "seg6local: sid del again: not found" 1 'Error: SID "fc00:5::1" not found.' ""
run "$SRCONF" localsid del fc00:5::2
check "seg6local: localsid del" 0 "" ""
no_route "seg6local: localsid del removed the route" fc00:5::2
run "$SRCONF" sid flush
check "seg6local: sid flush" 0 "" ""
for sid in fc00:5::3 fc00:5::4 fc00:5::5 fc00:5::6 fc00:5::a fc00:5::b; do
	no_route "seg6local: sid flush removed $sid" "$sid"
done
has_route "seg6local: sid flush leaves plain routes" fc00:5::c
has_route "seg6local: sid flush leaves other tables" fc00:5::d 200
has_route "seg6local: sid flush leaves prefixes" fc00:5:1::/64
ip -6 route del fc00:5:1::/64
ip -6 route del fc00:5::c/128
ip -6 route del fc00:5::d table 200
run "$SRCONF" -j sid show
check "seg6local: -j after the flush: []" 0 "" "[]"
run "$SRCONF" sid show
check "seg6local: text after the flush: nothing" 0 "" ""

# The 2017 grammar, for real
run "$SRCONF" localsid add 1::d6 end.dx6 ip a::2 lo
check "seg6local: localsid add 1::d6 end.dx6 ip a::2 lo" 0 "" ""
route_check "seg6local: the localsid End.DX6 route" 1::d6 \
	"encap seg6local action End.DX6 nh6 a::2 dev lo"
run "$SRCONF" localsid add 1::e end
check "seg6local: localsid add End" 0 "" ""
route_check "seg6local: the localsid End route" 1::e "encap seg6local action End dev lo"
run "$SRCONF" localsid add 1::d4 end.dx4 ip 10.0.0.2 lo
check "seg6local: localsid add End.DX4" 0 "" ""
route_check "seg6local: the localsid End.DX4 route" 1::d4 \
	"encap seg6local action End.DX4 nh4 10.0.0.2 dev lo"
run "$SRCONF" localsid add 1::6 end.dt6 table 7
check "seg6local: localsid add End.DT6" 0 "" ""
route_check "seg6local: the localsid End.DT6 route" 1::6 \
	"encap seg6local action End.DT6 table 7 dev lo"
run "$SRCONF" localsid show 1::d6
check "seg6local: localsid show" 0 "" "1::d6 behavior End.DX6 owner seg6local nh6 a::2 oif lo state up"
run "$SRCONF" localsid add 1::d6 end.dx6 ip a::3 lo
check "seg6local: localsid add of an existing SID" 1 \
	'Error: SID "1::d6" exists: it is a seg6local route.' ""
run "$SRCONF" localsid clear-counters 1::d6
check "seg6local: clear-counters of a route: the kernel cannot" 1 \
	'Error: SID "1::d6" is a seg6local route: the kernel cannot clear its counters.' ""
run "$SRCONF" sid clear-stats 1::d6
check "seg6local: clear-stats of a route: the kernel cannot" 1 \
	'Error: SID "1::d6" is a seg6local route: the kernel cannot clear its counters.' ""
run "$SRCONF" sid clear-stats
check "seg6local: clear-stats without SID leaves the routes, exit 0" 0 "" ""
run "$SRCONF" localsid del 1::d6
check "seg6local: localsid del" 0 "" ""
no_route "seg6local: localsid del removed the route" 1::d6
run "$SRCONF" localsid flush
check "seg6local: localsid flush" 0 "" ""
for sid in 1::e 1::d4 1::6; do
	no_route "seg6local: localsid flush removed $sid" "$sid"
done

# ---------------------------------------------------------------------------
# One table: the fake's srext SIDs and this namespace's seg6local routes
# ---------------------------------------------------------------------------
export SRCONF_FAKE_TRACE=$TMP/trace
rm -f "$TMP/trace"
ip -6 route add fc00:5::1 encap seg6local action End dev lo
run "$FAKE" sid show
check "one table: fake listing with a seg6local route: exit 0" 0 "" "$OUT"
if [ "$(tr -s ' ' <<<"$OUT")" = "$L1
$L2
$L3
$L4
$L5
$L6
$L7
$R1" ]; then
	pass "one table: srext's SIDs, then the seg6local routes"
else
	fail "one table: srext's SIDs, then the seg6local routes" "$OUT"
fi
if [ "$(awk '{ print index($0, " owner ") }' <<<"$OUT" | sort -u | wc -l)" = 1 ]; then
	pass "one table: both owners in the same columns"
else
	fail "one table: both owners in the same columns" "$OUT"
fi
rm -f "$TMP/trace"
run "$FAKE" -j sid show
jq_check "one table: -j: 8 SIDs, both owners" '[length, ([.[].owner] | unique)]' \
	'[8,["seg6local","srext"]]'
jq_check "one table: -j: the route last" '.[7]' \
	'{"sid":"fc00:5::1","behavior":"End","owner":"seg6local","state":"up"}'
rm -f "$TMP/trace"
run "$FAKE" sid show fc00:5::1
check "one table: show of a seg6local SID asks the module first" 0 "" "$R1"
trace_check "one table: ... with a GET" "SID_GET v1 REQUEST ACK 1=fc00:5::1"
run "$FAKE" sid add fc00:2::f1 behavior End
check "one table: a seg6local SID over an srext SID" 1 \
	'Error: SID "fc00:2::f1" exists: it is an srext SID.' ""
trace_check "one table: ... found with a GET, nothing added" "SID_GET v1 REQUEST ACK 1=fc00:2::f1"
no_route "one table: ... no route added" fc00:2::f1
run "$FAKE" localsid add fc00:2::f1 end.dx6 ip a::2 lo
check "one table: localsid: a seg6local SID over an srext SID" 1 \
	'Error: SID "fc00:2::f1" exists: it is an srext SID.' ""
rm -f "$TMP/trace"
run "$FAKE" sid add fc00:5::1 behavior end.ad6 nh6 fd00::2 oif lo iif lo
check "one table: an srext SID over a seg6local route" 1 \
	'Error: SID "fc00:5::1" exists: it is a seg6local route.' ""
trace_check "one table: ... nothing sent to the module" ""
run "$FAKE" localsid add fc00:5::1 end.am ip fd00::2 lo lo
check "one table: localsid: an srext SID over a seg6local route" 1 \
	'Error: SID "fc00:5::1" exists: it is a seg6local route.' ""
trace_check "one table: localsid: ... nothing sent to the module" ""
run "$FAKE" sid add fc00:5::1 behavior End.X nh6 fe80::1
check "one table: a seg6local SID over a seg6local route" 1 \
	'Error: SID "fc00:5::1" exists: it is a seg6local route.' ""
run "$FAKE" sid add fc00:5::2 behavior End.DT6 table 7
check "one table: a new seg6local SID with the module there" 0 "" ""
trace_check "one table: ... the module asked first" "SID_GET v1 REQUEST ACK 1=fc00:5::2"
route_check "one table: ... and the route added" fc00:5::2 "encap seg6local action End.DT6 table 7 dev lo"
run "$FAKE" sid clear-stats fc00:5::1
check "one table: clear-stats of a seg6local SID" 1 \
	'Error: SID "fc00:5::1" is a seg6local route: the kernel cannot clear its counters.' ""
trace_check "one table: ... the module asked first" "SID_CLEAR_STATS v1 REQUEST ACK 1=fc00:5::1"
run "$FAKE" sid del fc00:5::2
check "one table: sid del of a seg6local SID" 0 "" ""
trace_check "one table: ... the module asked first" "SID_DEL v1 REQUEST ACK 1=fc00:5::2"
no_route "one table: ... the route is gone" fc00:5::2
run "$FAKE" sid flush
check "one table: sid flush" 0 "" ""
trace_check "one table: sid flush: the module's" "SID_FLUSH v1 REQUEST ACK"
no_route "one table: sid flush: and the routes" fc00:5::1
printf '%s\n' "sid flush" "sid show" >"$B"
run "$FAKE" -j -b "$B"
check "one table: after a flush, -j show is []" 0 "" "[]"
rm -f "$TMP/trace"
unset SRCONF_FAKE_TRACE

SKIP_REASON=
# ---------------------------------------------------------------------------
# Batch files (-b FILE, -b -, -f)
# ---------------------------------------------------------------------------
export SRCONF_FAKE_TRACE=$TMP/trace
rm -f "$TMP/trace"
cat >"$B" <<'EOF'
# A batch: comments and blank lines are skipped

   sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif lo iif lo   # after a command
	sid show fc00::9
s d fc00::9
EOF
run "$FAKE" -b "$B"
check "batch: every line runs, exit 0" 0 "" \
	"fc00::9 behavior End.AD6 owner srext nh6 fd00::2 oif lo iif lo state up"
trace_check "batch: one request per command, in order" "SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:1 3=fd00::2 4=u32:1 5=u32:1
SID_GET v1 REQUEST ACK 1=fc00::9
SID_DEL v1 REQUEST ACK 1=fc00::9"
RUN_STDIN=$B run "$FAKE" --batch -
check "batch: --batch - reads stdin" 0 "" \
	"fc00::9 behavior End.AD6 owner srext nh6 fd00::2 oif lo iif lo state up"
run "$FAKE" --batch="$B"
check "batch: --batch=FILE" 0 "" \
	"fc00::9 behavior End.AD6 owner srext nh6 fd00::2 oif lo iif lo state up"
: >"$TMP/empty"
run "$FAKE" -b "$TMP/empty"
check "batch: an empty file does nothing, exit 0" 0 "" ""

B2=$TMP/batch2
printf '%s\n' "sid show fc00:2::f1" "# line 2" \
	"sid add fc00:2::f1 behavior end.ad6 nh6 fd00::2 oif lo iif lo" \
	"sid show fc00:2::d4" >"$B2"
rm -f "$TMP/trace"
run "$FAKE" -b "$B2"
check "batch: a failing line ends the batch: FILE:LINE in the error, exit 1" 1 \
	"Error: $B2:3: srext: SID already exists." "$L1"
trace_check "batch: ... the lines after it are not run" "SID_GET v1 REQUEST ACK 1=fc00:2::f1
SID_ADD v1 REQUEST ACK 1=fc00:2::f1 2=u32:1 3=fd00::2 4=u32:1 5=u32:1"
run "$FAKE" -f -b "$B2"
check "batch: -f goes on after a failing line, exit still 1" 1 \
	"Error: $B2:3: srext: SID already exists." "$L1
$L3"
trace_check "batch: -f ... the lines after it run" "SID_GET v1 REQUEST ACK 1=fc00:2::f1
SID_ADD v1 REQUEST ACK 1=fc00:2::f1 2=u32:1 3=fd00::2 4=u32:1 5=u32:1
SID_GET v1 REQUEST ACK 1=fc00:2::d4"
RUN_STDIN=$B2 run "$FAKE" -b - -f
check "batch: -b - names stdin \"-\" in errors, -f after -b" 1 \
	"Error: -:3: srext: SID already exists." "$L1
$L3"
printf '%s\n' "bogus" "sid add fc00::1 behavior end.b6" "sid show fc00::77" "sid show fc00:2::a3" \
	"monitor" "mon" "sid show fc00:2::f1 x" "sid show fc00:2::a3" >"$B2"
rm -f "$TMP/trace"
run "$FAKE" -f -b "$B2"
check "batch: -f: every error with its line, parse errors too" 1 \
	"Error: $B2:1: unknown object \"bogus\", try \"srconf help\".
Error: $B2:2: unknown behavior \"end.b6\".
Error: $B2:3: SID \"fc00::77\" not found.
Error: $B2:5: \"monitor\" does not end, so it cannot run in a batch.
Error: $B2:6: \"mon\" does not end, so it cannot run in a batch.
Error: $B2:7: unexpected argument \"x\"." "$L6
$L6"
trace_check "batch: -f: nothing sent for the lines that do not parse" "SID_GET v1 REQUEST ACK 1=fc00::77
SID_GET v1 REQUEST ACK 1=fc00:2::a3
SID_GET v1 REQUEST ACK 1=fc00:2::a3"
run "$FAKE" -b "$B2"
check "batch: without -f the first error ends it" 1 \
	"Error: $B2:1: unknown object \"bogus\", try \"srconf help\"." ""
trace_check "batch: ... nothing sent" ""
printf 'monitor\nsid show fc00:2::f1\n' >"$B2"
run "$SRCONF" -b "$B2"
check "batch: monitor is refused in a batch" 1 \
	"Error: $B2:1: \"monitor\" does not end, so it cannot run in a batch." ""
unset SRCONF_FAKE_TRACE

# Quoting: as in a shell, '...' literally, "..." with \" and \\, \X outside.
cat >"$B2" <<'EOF'
sid show "fc00:2::f1"
sid show 'fc00:2::d4'   # a comment after a quoted word
"sid" "sh"o"w" fc00:2::a\3
sid show fc00:2::a1
EOF
printf 'sid show fc00:2::a2\r\n' >>"$B2"
run "$FAKE" -b "$B2"
check "batch: quotes, backslashes, comments and CRLF" 0 "" "$L1
$L3
$L6
$L4
$L5"
while IFS='|' read -r want line; do
	printf '%s\n' "$line" >"$B2"
	run "$FAKE" -b "$B2"
	check "batch: line '$line': error" 1 "Error: $B2:1: $want" ""
done <<'EOF'
missing closing '"'.|sid show "fc00:2::f1
missing closing "'".|sid show 'fc00:2::f1
invalid address "#x" for "sid": expected an IPv6 address.|sid show "#x"
invalid address "" for "sid": expected an IPv6 address.|sid show ""
invalid address "fc00:2::f1 x" for "sid": expected an IPv6 address.|sid show "fc00:2::f1 x"
invalid address "a"b" for "sid": expected an IPv6 address.|sid show "a\"b"
invalid address "a\b" for "sid": expected an IPv6 address.|sid show "a\\b"
invalid address "a\b" for "sid": expected an IPv6 address.|sid show 'a\b'
EOF
# A backslash cannot join a line to the next one.
# shellcheck disable=SC1003 # a backslash before the newline
printf 'sid show fc00:2::f1\\\nsid show fc00:2::d4\n' >"$B2"
run "$FAKE" -b "$B2"
check "batch: a backslash at the end of a line is an error, not a join" 1 \
	"Error: $B2:1: backslash at the end of the line." ""
# The last line may lack its newline; a backslash may not end it.
# shellcheck disable=SC1003 # a backslash, last in the file
printf 'sid show fc00:2::f1\nsid show fc00:2::d4\\' >"$B2"
run "$FAKE" -b "$B2"
check "batch: a backslash at the end of the last line" 1 \
	"Error: $B2:2: backslash at the end of the line." "$L1"
printf 'sid show fc00:2::f1\nsid show fc00:2::d4' >"$B2"
run "$FAKE" -b "$B2"
check "batch: a last line without newline runs" 0 "" "$L1
$L3"
printf 'sid show\0 fc00:2::f1\n' >"$B2"
run "$FAKE" -b "$B2"
check "batch: a NUL byte in a line" 1 "Error: $B2:1: a NUL byte in the line." ""
words=$(printf 'x %.0s' $(seq 1 256))
printf 'sid show %s\n' "$words" >"$B2"
run "$FAKE" -b "$B2"
check "batch: too many words" 1 "Error: $B2:1: too many words (at most 255)." ""

run "$FAKE" -b "$TMP/no-such-file"
check "batch: a missing file" 1 \
	"Error: cannot open batch file \"$TMP/no-such-file\": No such file or directory." ""
run "$FAKE" -b "$TMP"
check "batch: a directory cannot be read" 1 \
	"Error: cannot read batch file \"$TMP\": Is a directory." ""
run "$FAKE" -b "$B" sid show
check "batch: -b FILE and a command" 1 \
	"Error: unexpected argument \"sid\": with -b the commands come from \"$B\"." ""

printf '%s\n' "sid show fc00:2::f1" "sid show fc00::77" "sid show fc00:2::d4" "sid flush" "sid show" >"$B2"
run "$FAKE" -j -f -b "$B2"
check "batch: -j: one array per show, errors on stderr" 1 \
	"Error: $B2:2: SID \"fc00::77\" not found." "$OUT"
jq_check "batch: -j: the output parses, an empty table is []" '[., inputs] | map(map(.sid))' \
	'[["fc00:2::f1"],["fc00:2::d4"],[]]'

SKIP_REASON=$NO_SEG6LOCAL
# For real: seg6local routes from a batch, then gone.
printf '%s\n' "sid add fc00:7::1 behavior End" "localsid add fc00:7::2 end.dx6 ip a::2 lo" \
	"sid show" "sid flush" "sid show" >"$B2"
run "$SRCONF" -b "$B2"
check "batch: seg6local SIDs for real" 0 "" "fc00:7::1 behavior End     owner seg6local                 state up
fc00:7::2 behavior End.DX6 owner seg6local nh6 a::2 oif lo state up"
no_route "batch: ... flushed" fc00:7::1
SKIP_REASON=

SKIP_REASON=$NO_SEG6LOCAL
# ---------------------------------------------------------------------------
# monitor, with the real srconf (the fake transport has no multicast; the
# SREXT family is absent here, so it listens to the route group alone)
# ---------------------------------------------------------------------------
# vg_bg LOG: the valgrind command line for a background run logging to LOG
vg_bg() {
	VGB=()
	[ ${#VG[@]} -gt 0 ] && VGB=(valgrind -q --error-exitcode=99 --leak-check=full
				    --errors-for-leak-kinds=definite --log-file="$1")
}
# wait_for FILE TEXT: until FILE holds a line with TEXT (20 s at most)
wait_for() {
	local i
	for i in $(seq 1 100); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
MONT=$TMP/monitor.txt
MONJ=$TMP/monitor.json
: >"$MONT"
: >"$MONJ"
vg_bg "$TMP/vg-monitor-text.log"
"${VGB[@]}" "$SRCONF" monitor >>"$MONT" 2>"$TMP/monitor-text.err" </dev/null &
MONPID_T=$!
vg_bg "$TMP/vg-monitor-json.log"
"${VGB[@]}" "$SRCONF" -j monitor >>"$MONJ" 2>"$TMP/monitor-json.err" </dev/null &
MONPID_J=$!
# Both listen once a probe route shows up in both outputs.
ready=0
for i in $(seq 1 100); do
	ip -6 route add fc00:ff::1 encap seg6local action End dev lo
	ip -6 route del fc00:ff::1
	if grep -q 'fc00:ff::1' "$MONT" && grep -q 'fc00:ff::1' "$MONJ"; then
		ready=1
		break
	fi
	sleep 0.2
done
# A marker after which every event is ours: its "del" is the last line.
ip -6 route add fc00:ff::2 encap seg6local action End dev lo
ip -6 route del fc00:ff::2
if [ "$ready" = 0 ] || ! wait_for "$MONT" "del fc00:ff::2" ||
   ! wait_for "$MONJ" '"event":"del","sid":"fc00:ff::2"'; then
	fail "monitor: starts listening" "text: $(cat "$MONT" "$TMP/monitor-text.err")" \
		"json: $(cat "$MONJ" "$TMP/monitor-json.err")"
	kill "$MONPID_T" "$MONPID_J" 2>/dev/null
	wait "$MONPID_T" "$MONPID_J" 2>/dev/null
else
	pass "monitor: starts listening"
	NT=$(wc -l <"$MONT")
	NJ=$(wc -l <"$MONJ")
	ip -6 route add fc00:6::1 encap seg6local action End dev lo
	ip -6 route add fd00:6::/64 dev lo
	ip -6 route del fd00:6::/64 dev lo
	"$SRCONF" sid add fc00:6::2 behavior End.DX6 nh6 fd00:6::2 oif lo
	ip -6 route add fc00:6::3 encap seg6local action End dev lo table 200
	ip -6 route del fc00:6::3 table 200
	ip -6 route add fc00:6::4/128 dev lo
	ip -6 route del fc00:6::4/128 dev lo
	"$SRCONF" sid del fc00:6::2
	ip -6 route del fc00:6::1
	ip -6 route add fc00:ff::3 encap seg6local action End dev lo
	ip -6 route del fc00:ff::3
	wait_for "$MONT" "del fc00:ff::3"
	wait_for "$MONJ" '"event":"del","sid":"fc00:ff::3"'
	kill "$MONPID_T" "$MONPID_J"
	wait "$MONPID_T"
	rc_t=$?
	wait "$MONPID_J"
	rc_j=$?

	OUT=$(tail -n +$((NT + 1)) "$MONT")
	if [ "$OUT" = "add fc00:6::1 behavior End owner seg6local state up
add fc00:6::2 behavior End.DX6 owner seg6local nh6 fd00:6::2 oif lo state up
del fc00:6::2 behavior End.DX6 owner seg6local nh6 fd00:6::2 oif lo state up
del fc00:6::1 behavior End owner seg6local state up
add fc00:ff::3 behavior End owner seg6local state up
del fc00:ff::3 behavior End owner seg6local state up" ]; then
		pass "monitor: one line per seg6local SID added or removed, the event first"
	else
		fail "monitor: one line per seg6local SID added or removed, the event first" "$OUT"
	fi
	if ! awk '{ print $2 }' <<<"$OUT" | grep -qx -e 'fd00:6::/64' -e 'fc00:6::3' -e 'fc00:6::4'; then
		pass "monitor: plain routes and other tables print nothing"
	else
		fail "monitor: plain routes and other tables print nothing" "$OUT"
	fi
	OUT=$(tail -n +$((NJ + 1)) "$MONJ")
	jq_check "monitor -j: one object per line, event first" '.' \
		'{"event":"add","sid":"fc00:6::1","behavior":"End","owner":"seg6local","state":"up"}
{"event":"add","sid":"fc00:6::2","behavior":"End.DX6","owner":"seg6local","nh6":"fd00:6::2","oif":"lo","state":"up"}
{"event":"del","sid":"fc00:6::2","behavior":"End.DX6","owner":"seg6local","nh6":"fd00:6::2","oif":"lo","state":"up"}
{"event":"del","sid":"fc00:6::1","behavior":"End","owner":"seg6local","state":"up"}
{"event":"add","sid":"fc00:ff::3","behavior":"End","owner":"seg6local","state":"up"}
{"event":"del","sid":"fc00:ff::3","behavior":"End","owner":"seg6local","state":"up"}'
	OUT=$(cat "$MONJ")
	jq_check "monitor -j: every line of the whole output parses" \
		'[., inputs] | map(.event) | unique' '["add","del"]'
	if [ "$(grep -vc '^{.*}$' "$MONJ")" = 0 ]; then
		pass "monitor -j: one whole object per line"
	else
		fail "monitor -j: one whole object per line" "$(cat "$MONJ")"
	fi
	for kind in text json; do
		rc=$rc_t
		[ "$kind" = json ] && rc=$rc_j
		why=()
		[ "$rc" = 143 ] || why+=("exit status $rc, want 143 (SIGTERM)")
		[ -s "$TMP/monitor-$kind.err" ] && why+=("stderr: $(cat "$TMP/monitor-$kind.err")")
		[ -s "$TMP/vg-monitor-$kind.log" ] && why+=("valgrind: $(cat "$TMP/vg-monitor-$kind.log")")
		if [ ${#why[@]} -eq 0 ]; then
			pass "monitor ($kind): runs until killed, nothing on stderr"
		else
			fail "monitor ($kind): runs until killed, nothing on stderr" "${why[@]}"
		fi
	done
fi

SKIP_REASON=
# ---------------------------------------------------------------------------
# -n: interface names resolve in the namespace, before the socket opens
# ---------------------------------------------------------------------------
NS=srconf-test-$$-$RANDOM
if ! ip netns add "$NS" 2>/dev/null; then
	skip "-n NAME" "cannot create a network namespace here"
else
	NETNS=$NS
	if ! ip -n "$NS" link add srct0 type veth peer name srct1 2>/dev/null; then
		skip "-n NAME" "cannot create a veth pair"
	else
		IFX=$(ip netns exec "$NS" cat /sys/class/net/srct0/ifindex 2>/dev/null ||
		      ip -n "$NS" -o link show srct0 | cut -d: -f1)
		export SRCONF_FAKE_TRACE=$TMP/trace
		rm -f "$TMP/trace"
		run "$FAKE" -n "$NS" sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif srct0 iif lo
		check "-n: interface of the namespace accepted" 0 "" ""
		trace_check "-n: ifindex from the namespace sent" \
			"SID_ADD v1 REQUEST ACK 1=fc00::9 2=u32:1 3=fd00::2 4=u32:$IFX 5=u32:1"
		run "$FAKE" sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif srct0 iif lo
		check "without -n the namespace's interface is unknown" 1 \
			'Error: unknown interface "srct0" for "oif".' ""
		unset SRCONF_FAKE_TRACE
		if [ ! -d /sys/module/srext ]; then
			run "$SRCONF" -n "$NS" sid add fc00::9 behavior end.ad6 nh6 fd00::2 oif srct0 iif srct1
			check "-n: real srconf resolves in the namespace, then looks up the family" \
				1 "$NOTFOUND" ""
		fi
	fi
fi

# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------
run "$UNIT"
if [ "$RC" = 0 ]; then
	pass "unit_test (${OUT##*# unit_test: })"
else
	fail "unit_test" "exit $RC" "$OUT" "$VGLOG"
fi

echo "TAP version 13"
echo "1..$NTEST"
printf '%s\n' "${RESULTS[@]}"
echo "# $((NTEST - FAILED - SKIPPED)) passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
