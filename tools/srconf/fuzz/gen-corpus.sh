#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Writes the seed corpora of the fuzz harnesses (committed; rerun after
# changing the seeds below, then commit what changed):
#   corpus/cmdline/NAME   the words after "srconf", each ending with a NUL
#   corpus/batch/NAME     batch files (srconf -b FILE), as text
set -euo pipefail
cd "$(dirname "$0")"

rm -rf corpus/cmdline corpus/batch
mkdir -p corpus/cmdline corpus/batch

# cmd NAME WORDS...: one command line
cmd() {
	local name=$1
	shift
	printf '%s\0' "$@" >"corpus/cmdline/$name"
}

# the new grammar, every behaviour, valid
cmd sid-add-ad6        sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth1
cmd sid-add-ad6-cache  sid add fc00::ad6 behavior end.ad6 mac 02:00:00:00:00:01 oif eth0 iif lo cache flow max 1024 timeout 60
cmd sid-add-ad4        sid add fc00::ad4 behavior End.AD4 nh4 192.0.2.2 oif veth0 iif veth0 cache interface
cmd sid-add-as6        sid add fc00::a6 behavior End.AS6 nh6 fd00::2 oif veth0 iif veth1 src fc00::1 segs fc00::2,fc00::3
cmd sid-add-as4        sid add fc00::a4 behavior END.AS4 nh4 10.0.0.1 oif lo iif lo src fc00::1 segs fc00::2
cmd sid-add-as4-mac    sid add fc00::a4 behavior end.as4 mac 02-00-00-00-00-aa oif lo iif lo src fc00::1 segs fc00::2
cmd sid-add-am         sid add fc00::a1 behavior End.AM nh6 fd00::2 oif veth0 iif veth0
cmd sid-add-am-mac     sid add fc00::a1 oif veth0 iif veth0 mac 2:0:0:0:0:1 behavior End.AM
cmd sid-add-end        sid add fc00:5::1 behavior End
cmd sid-add-endx       sid add fc00:5::3 behavior End.X oif lo nh6 fe80::2
cmd sid-add-dx6        sid add fc00:5::4 behavior End.DX6 nh6 fd00:6::2 oif lo
cmd sid-add-dx4        sid add fc00:5::5 behavior end.dx4 oif lo nh4 192.0.2.5
cmd sid-add-dt6        sid add fc00:5::6 behavior END.DT6 table 100
# the new grammar, invalid
cmd sid-add-mac-nh6    sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 mac 02:00:00:00:00:01 oif veth0 iif veth0
cmd sid-add-max-first  sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 max 10 cache flow
cmd sid-add-range      sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 cache flow max 0 timeout 86401
cmd sid-add-nodev      sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif none0 iif ''
cmd sid-add-badsegs    sid add fc00::a6 behavior End.AS6 nh6 fd00::2 oif lo iif lo src fc00::1 segs fc00::2,,zz
cmd sid-add-dt6-mac    sid add fc00:5::6 behavior End.DT6 table 4294967296 mac 02:00:00:00:00:01
cmd sid-add-nobehavior sid add fc00::1 nh6 fd00::2 oif lo
cmd sid-add-dup        sid add fc00::1 behavior End behavior End.X
# the 2017 grammar
cmd localsid-ad6       localsid add 2::AD6:F1 end.ad6 ip 2:f1::f1 veth0 veth0
cmd localsid-ad6-mac   localsid add 2::AD6:F2 end.ad6 mac 02:00:00:00:00:01 veth0 veth1 cache flow max 16 timeout 5
cmd localsid-ad4       localsid add 2::AD4:F1 end.ad4 ip 10.0.0.2 veth0 veth1
cmd localsid-as6       localsid add 2::A56:F1 end.as6 ip 2:f1::f1 veth0 veth0 src 2::1 segs 2::2,2::3 left 1
cmd localsid-as4-bad   localsid add 2::A54:F1 end.as4 ip 10.0.0.2 veth0 veth0 src 2::1 segs 2::2 left 3
cmd localsid-as4       localsid add 2::A54:F2 end.as4 mac 02:00:00:00:00:01 veth0 veth1 segs 2::2 src 2::1 left 0
cmd localsid-am        localsid add 2::A1:F1 end.am mac 02:00:00:00:00:01 eth0 lo
cmd localsid-dx6       localsid add 1::d6 end.dx6 ip a::2 veth0
cmd localsid-dx4       localsid add 1::d4 end.dx4 ip 10.1.1.1 eth0
cmd localsid-dt6       localsid add 1::d7 end.dt6 table 254
cmd localsid-x-nodev   localsid add 1::1 end.x ip fe80::1
cmd localsid-noip      localsid add 1::d6 end.dx6 mac 02:00:00:00:00:01 veth0
# other commands and the options
cmd sid-del            sid del fc00::1
cmd sid-show-opts      -j -p -s sid show
cmd sid-ls-bundled     -jps --netns=blue sid ls fc00::1
cmd sid-clear-stats    -n red -f sid clear-stats fc00::1
cmd localsid-counters  --json --pretty localsid clear-counters
cmd localsid-flush     --stats -- localsid flush
cmd sid-ambiguous      sid de
cmd batch-option       -f -b cmds.batch
cmd batch-extra        --batch - sid show
cmd options-bad        -jx --netns '' sid
cmd help               -h
cmd version            --version sid show
cmd monitor            monitor now
cmd prefix             s a fc00::1 b end

# file NAME: a batch file, from stdin
file() {
	cat >"corpus/batch/$1"
}

file valid <<'EOF'
# srext proxies of one service chain
sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth1
sid add fc00::ad4 behavior End.AD4 nh4 192.0.2.2 oif veth0 iif veth0 cache flow max 1024 timeout 60
sid add fc00::a6 behavior End.AS6 nh6 fd00::2 oif veth0 iif veth1 src fc00::1 segs fc00::2,fc00::3

sid show
EOF
file seg6local <<'EOF'
sid add fc00:5::1 behavior End
sid add fc00:5::3 behavior End.X oif lo nh6 fe80::2   # trailing comment
sid add fc00:5::4 behavior End.DX6 nh6 fd00:6::2 oif lo
sid add fc00:5::5 behavior end.dx4 oif lo nh4 192.0.2.5
sid add fc00:5::6 behavior END.DT6 table 100
sid del fc00:5::6
EOF
file localsid <<'EOF'
localsid add 2::AD6:F1 end.ad6 ip 2:f1::f1 veth0 veth0
localsid add 1::d6 end.dx6 ip a::2 veth0
localsid add 2::A56:F1 end.as6 ip 2:f1::f1 veth0 veth0 src 2::1 segs 2::2,2::3 left 1
localsid add 2::A1:F1 end.am mac 02:00:00:00:00:01 eth0 lo
localsid clear-counters
localsid flush
EOF
file quotes <<'EOF'
sid 'add' "fc00::1" behavior "End.X" nh6 'fe80::1' oif "lo"
sid add fc00::2 behavior End.X nh6 fe80::1 oif "v"'eth'0
sid show "" 'two words'
sid add fc00::3 "behavior" "End\"" nh6 "a\\b"
EOF
file escapes <<'EOF'
sid\ add fc00::1
sid a\dd fc00::1 behavior End
sid show \#not-a-comment
sid show fc00::1\
EOF
file comments <<'EOF'
# only comments
   # indented
	#tab
sid show # the rest is a comment
sid show #also
sid#show
EOF
file errors <<'EOF'
sid add fc00::1 behavior End.Bogus
sid add fc00::1 behavior End.AD6 nh6 fd00::2
sid add fc00::1 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 max 5
monitor
bogus object
sid frobnicate
EOF
file unterminated-double <<'EOF'
sid show "fc00::1
EOF
file unterminated-single <<'EOF'
sid show 'fc00::1
sid show
EOF
file crlf <<<$'sid show\r\nsid del fc00::1\r\n\r\n'
file no-newline < <(printf 'sid add fc00::1 behavior End')
file blank-lines <<<$'\n\n   \n\t\nsid flush\n\v\f\n'
file nul-byte < <(printf 'sid show\nsid \0show\nsid flush\n')
file many-words < <(printf 'sid add fc00::1 behavior End'; for i in $(seq 1 300); do printf ' w%d' "$i"; done; printf '\n')
file max-words < <(printf 'sid show'; for i in $(seq 1 253); do printf ' x'; done; printf '\n')
file options-in-batch <<'EOF'
-j sid show
help
help me
localsid
sid
EOF
file long-word < <(printf 'sid add '; head -c 700 /dev/zero | tr '\0' a; printf '\n')
file segs-max < <(printf 'sid add fc00::a6 behavior End.AS6 nh6 fd00::2 oif lo iif lo src fc00::1 segs fc00::1'; for i in $(seq 2 65); do printf ',fc00::%x' "$i"; done; printf '\n')
file mixed-quotes <<'EOF'
sid add 'fc00::1' behavior "End.AD6" nh6 fd00::2 oif 'veth0' iif "veth0" cache 'flow' max "10" timeout '1'
sid add fc00::1 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 cache "interface"
sid show '#'"#"\#
EOF
file empty < /dev/null
file backslash-in-double <<'EOF'
sid show "a\"b\\c\d" "\\" "\"" "\'"
sid show 'it'\''s' "" ''
EOF
file cache-errors <<'EOF'
sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 cache flows
sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 cache interface max 10
sid add fc00::ad6 behavior End.AD6 nh6 fd00::2 oif veth0 iif veth0 cache flow timeout 99999999999999999999
localsid add 2::ad6 end.ad6 ip 2::f1 veth0 veth0 cache flow cache flow
EOF
