#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of srconf; no srext.ko needed (run by "make check").
#
#   srconf              the real binary: every command-line error (exact
#                       stderr, exit 1, nothing on stdout), -h/-V, and the
#                       "family not found" error this host gives
#   tests/srconf-fake   the same code with libnl's send/receive routed to an
#                       in-process fake of the SREXT family (tests/fake_kernel.c):
#                       request encoding, text and JSON output, extack and
#                       errno errors, dump edge cases
#   tests/unit_test     prefix matching, name tables, parser, JSON writer,
#                       extack decoder
#
# Every binary runs under valgrind (definite leaks and memory errors fail the
# test) when valgrind is installed and VALGRIND=0 is not set (sanitizer
# builds: make CFLAGS=-fsanitize=address,undefined check VALGRIND=0).
# Output is KTAP; exit 0 if every test passed, 1 otherwise.

set -u

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

pass() {
	NTEST=$((NTEST + 1))
	RESULTS+=("ok $NTEST - $1")
}

fail() {
	local desc=$1 line
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
	VG=()
	note "valgrind is not installed: binaries run without it"
fi

# run BIN ARGS...: sets RC, OUT (stdout), ERR (stderr), VGLOG
run() {
	: >"$TMP/valgrind.log"
	"${VG[@]}" "$@" >"$TMP/out" 2>"$TMP/err"
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
	'Error: unknown behavior "end".|sid add fc00::1 behavior end'
	'Error: missing "nh6" for End.AD6.|'"$ADD"' oif lo iif lo'
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
	'Error: missing "nh4" for End.AD4.|sid add fc00::1 behavior end.ad4 oif lo iif lo'
	'Error: missing "oif" for End.AD4.|sid add fc00::1 behavior End.AD4 iif lo nh4 10.0.0.2'
	'Error: missing "iif" for End.AM.|sid add fc00::1 behavior end.am nh6 fd00::2 oif lo'
	'Error: missing "nh6" for End.AS6.|sid add fc00::1 behavior end.as6 segs fc00::2 src fd00::3 iif lo oif lo'
	'Error: missing "iif" for End.AS6.|sid add fc00::1 behavior end.as6 segs fc00::2 src fd00::3 nh6 fd00::2 oif lo'
	'Error: missing "src" for End.AS6.|sid add fc00::1 behavior end.as6 nh6 fd00::2 oif lo iif lo segs fc00::2'
	'Error: missing "segs" for End.AS6.|'"$AS6"
	'Error: missing "nh4" for End.AS4.|sid add fc00::1 behavior end.as4 oif lo iif lo src fd00::3 segs fc00::2'
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
for args in "--help" "help" "h" "sid help" "-j -h"; do
	# shellcheck disable=SC2086
	run "$SRCONF" $args
	check "srconf $args: same usage on stdout" 0 "" "$USAGE"
done
run "$SRCONF"
check "srconf without arguments: usage on stderr, exit 1" 1 "$USAGE" ""
run "$SRCONF" -j -s
check "srconf with options only: usage on stderr, exit 1" 1 "$USAGE" ""

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
# No module on this host: the family lookup fails, exactly so.
# ---------------------------------------------------------------------------
NOTFOUND='Error: generic netlink family "SREXT" not found: is srext.ko loaded?'
if [ -d /sys/module/srext ]; then
	skip "family not found" "srext.ko is loaded on this host"
else
	for args in "sid show" "-j sid show" "sid" "s sh" "sid list" "sid ls" \
		    "sid show fc00::1" "sid del fc00::1" "sid delete fc00::1" "sid flush" \
		    "sid a fc00::1 behavior END.AD6 iif lo oif lo nh6 fd00::2" \
		    "sid add fc00::1 behavior end.ad4 nh4 10.0.0.2 oif lo iif lo" \
		    "$AS6 segs fc00::2,fc00::3" "$AS4 segs fc00::2" \
		    "sid add fc00::1 behavior End.am nh6 fd00::2 oif lo iif lo" \
		    "$AD6 cache flow max 2 timeout 2" "$AD4 cache interface"; do
		# shellcheck disable=SC2086
		run "$SRCONF" $args
		check "srconf $args: family not found" 1 "$NOTFOUND" ""
	done
fi

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
check "fake: deleting a missing SID prints the extack" 1 "Error: srext: SID not found." ""
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
unset SRCONF_FAKE_TRACE

# ---------------------------------------------------------------------------
# Fake kernel: text output
# ---------------------------------------------------------------------------
L1="fc00:2::f1 behavior End.AD6 nh6 fd00:f1::2 oif lo iif lo"
L2="fc00:2::f2 behavior End.AD6 nh6 fd00:f2::2 oif if424242 iif if424243 cache flow max 1048576 timeout 86400"
L3="fc00:2::d4 behavior End.AD4 nh4 192.0.2.2 oif lo iif lo cache flow max 1024 timeout 60"
L4="fc00:2::a1 behavior End.AS6 nh6 fd00:f1::2 oif lo iif lo src fd00:12::2 segs fc00:e::d6,fc00:9::1"
L5="fc00:2::a2 behavior End.AS4 nh4 192.0.2.6 oif lo iif lo src fd00:12::2 segs fc00:9::1"
L6="fc00:2::a3 behavior End.AM nh6 fd00:f3::2 oif lo iif lo"
L7="fc00:2::99 behavior behavior_99 nh6 fd00:99::2 nh4 192.0.2.99 oif lo iif lo src fd00:99::1 segs fc00:e::1,fc00:e::2,fc00:e::3 cache cache_7 max 5 timeout 9"
LINES="$L1
$L2
$L3
$L4
$L5
$L6
$L7"
M=18446744073709551615
S1="    to vnf: 10 packets 1040 bytes  from vnf: 9 packets 936 bytes  cache updates: 1  evictions: 0
    drops: bad_srh 1 no_srh 2 sl_zero 3 hop_limit 4 bad_inner 5 no_cache 6 no_route 7 no_mem 8 too_big 9 reason_42 42"
S2="    to vnf: $M packets $M bytes  from vnf: $M packets $M bytes  cache updates: $M  evictions: $M
    drops: bad_srh $M no_srh $M sl_zero $M hop_limit $M bad_inner $M no_cache $M no_route $M no_mem $M too_big $M"
S0="    to vnf: 0 packets 0 bytes  from vnf: 0 packets 0 bytes  cache updates: 0  evictions: 0
    drops: bad_srh 0 no_srh 0 sl_zero 0 hop_limit 0 bad_inner 0 no_cache 0 no_route 0 no_mem 0 too_big 0"
S3="    to vnf: 0 packets 0 bytes  from vnf: 0 packets 0 bytes  cache updates: 0  evictions: 7
    drops: bad_srh 0 no_srh 0 sl_zero 0 hop_limit 0 bad_inner 0 no_cache 0 no_route 0 no_mem 0 too_big 0"

run "$FAKE" sid show
check "fake: text, one line per SID, values in key order" 0 "" "$LINES"
run "$FAKE" -s sid list
check "fake: text with -s" 0 "" "$L1
$S1
$L2
$S2
$L3
$S3
$L4
$S0
$L5
$S0
$L6
$S0
$L7
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
	# jq_check DESC FILTER WANT: apply FILTER to the last stdout
	jq_check() {
		local got
		if ! got=$(jq -c "$2" <<<"$OUT" 2>&1); then
			fail "$1" "jq: $got" "output: $OUT"
		elif [ "$got" = "$3" ]; then
			pass "$1"
		else
			fail "$1" "got:  $got" "want: $3"
		fi
	}

	DROPS=$(sed -n '/^enum srext_drop_reason/,/^};/p' "$UAPI" |
		grep -o '/\* "[a-z_0-9]*"' | grep -o '[a-z_0-9]*' |
		jq -R . | jq -sc '. + ["reason_42"]')
	SIDKEYS='["sid","behavior","nh6","oif","iif","cache"]'
	AD4KEYS='["sid","behavior","nh4","oif","iif","cache"]'
	AS6KEYS='["sid","behavior","nh6","oif","iif","src","segs"]'
	AS4KEYS='["sid","behavior","nh4","oif","iif","src","segs"]'
	AMKEYS='["sid","behavior","nh6","oif","iif"]'
	ALLKEYS='["sid","behavior","nh6","nh4","oif","iif","src","segs","cache"]'
	STATKEYS='["packets_to_vnf","bytes_to_vnf","packets_from_vnf","bytes_from_vnf","cache_updates","evictions","drops"]'

	run "$FAKE" -j sid show
	check "fake: -j exits 0, no stderr" 0 "" "$OUT"
	jq_check "fake: -j is an array of 7 SIDs" 'length' 7
	jq_check "fake: -j keys in order, only those sent, no stats" '[.[] | keys_unsorted]' \
		"[$SIDKEYS,$SIDKEYS,$AD4KEYS,$AS6KEYS,$AS4KEYS,$AMKEYS,$ALLKEYS]"
	jq_check "fake: -j cache interface is a string" '.[0]' \
		'{"sid":"fc00:2::f1","behavior":"End.AD6","nh6":"fd00:f1::2","oif":"lo","iif":"lo","cache":"interface"}'
	jq_check "fake: -j values, cache flow an object with max and timeout" '.[1]' \
		'{"sid":"fc00:2::f2","behavior":"End.AD6","nh6":"fd00:f2::2","oif":"if424242","iif":"if424243","cache":{"flow":{"max":1048576,"timeout":86400}}}'
	jq_check "fake: -j End.AD4 values" '.[2]' \
		'{"sid":"fc00:2::d4","behavior":"End.AD4","nh4":"192.0.2.2","oif":"lo","iif":"lo","cache":{"flow":{"max":1024,"timeout":60}}}'
	jq_check "fake: -j cache flow: max and timeout are integers" \
		'[.[2].cache.flow | keys_unsorted, ([.[]] | map(type))]' '[["max","timeout"],["number","number"]]'
	jq_check "fake: -j End.AS6 values, segs an array in visiting order" '.[3]' \
		'{"sid":"fc00:2::a1","behavior":"End.AS6","nh6":"fd00:f1::2","oif":"lo","iif":"lo","src":"fd00:12::2","segs":["fc00:e::d6","fc00:9::1"]}'
	jq_check "fake: -j End.AS4 values, one segment is still an array" '.[4]' \
		'{"sid":"fc00:2::a2","behavior":"End.AS4","nh4":"192.0.2.6","oif":"lo","iif":"lo","src":"fd00:12::2","segs":["fc00:9::1"]}'
	jq_check "fake: -j End.AM values" '.[5]' \
		'{"sid":"fc00:2::a3","behavior":"End.AM","nh6":"fd00:f3::2","oif":"lo","iif":"lo"}'
	jq_check "fake: -j every attribute of a newer behaviour, unknown nest members skipped" '.[6]' \
		'{"sid":"fc00:2::99","behavior":"behavior_99","nh6":"fd00:99::2","nh4":"192.0.2.99","oif":"lo","iif":"lo","src":"fd00:99::1","segs":["fc00:e::1","fc00:e::2","fc00:e::3"],"cache":{"cache_7":{"max":5,"timeout":9}}}'
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
		'.[0].stats | [.packets_to_vnf, .bytes_to_vnf, .packets_from_vnf, .bytes_from_vnf, .cache_updates, .evictions]' \
		'[10,1040,9,936,1,0]'
	jq_check "fake: -j -s evictions after cache_updates" \
		'.[2].stats | [.cache_updates, .evictions]' '[0,7]'
	jq_check "fake: -j -s stats after cache" '.[2] | keys_unsorted' "${AD4KEYS%]},\"stats\"]"
	jq_check "fake: -j -s drop counts" '[.[0].stats.drops[]]' '[1,2,3,4,5,6,7,8,9,42]'
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
        }' ]; then
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
check "fake: show of a missing SID prints the extack, no stdout" 1 "Error: srext: SID not found." ""
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
echo "# $((NTEST - FAILED)) passed, $FAILED failed"
[ "$FAILED" = 0 ]
