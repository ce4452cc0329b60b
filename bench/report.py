#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/report.py DIR: DIR/results.csv (bench/guest.sh) to DIR/report.md
and DIR/*.png (gnuplot).

Every figure is a median over the repetitions of one boot with its min-max;
every ratio is between scenarios of that boot: the ratio of the medians,
with the min-max of the per-repetition ratios.  The CPU fit is the paper's:
U = m R + k over the trials of the no-loss region (CPU trials that lost
nothing), m in % of the NFV node's vCPU per kpps, with its standard error.
Exit status 1 when the CSV is malformed or a figure is missing."""

import csv
import math
import os
import re
import statistics
import subprocess
import sys

FIELDS = ("kind,scenario,sweep,param,rep,frame,flows,target_pps,offered_pps,"
          "sent,received,loss,secs,cpu_nfv,cpu_edge,value").split(",")
SRV6_BASE = "sr-aware"
SREXT = ("end.ad6", "end.ad6-flow", "end.ad4", "end.as6", "end.am")


class Malformed(Exception):
    pass



# The idle loop's functions in a perf profile (what a vCPU runs when it
# has nothing to do, halted under TCG).
IDLE_SYMS = ("native_safe_halt", "default_idle", "arch_cpu_idle", "default_idle_call",
             "cpu_idle_poll", "do_idle", "acpi_idle_do_entry", "mwait_idle", "poll_idle")


def profile(path):
    """perf report's lines "PCT%  DSO  [k] SYMBOL": (idle %, [(%, symbol)])."""
    idle, busy = 0.0, []
    with open(path) as f:
        for ln in f:
            m = re.match(r"\s*([0-9.]+)%\s+\S+\s+\[.\]\s+(\S+)", ln)
            if not m:
                continue
            pct, sym = float(m.group(1)), m.group(2)
            if sym in IDLE_SYMS:
                idle += pct
            else:
                busy.append((pct, sym))
    return idle, busy

def load(path):
    rows = []
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r, None)
        if header != FIELDS:
            raise Malformed(f"{path}: header {header}, not {FIELDS}")
        for n, row in enumerate(r, 2):
            if len(row) != len(FIELDS):
                raise Malformed(f"{path}:{n}: {len(row)} fields, not {len(FIELDS)}")
            d = dict(zip(FIELDS, row))
            try:
                for k in ("rep", "frame", "flows", "target_pps", "offered_pps",
                          "sent", "received"):
                    d[k] = int(d[k])
                for k in ("loss", "secs", "cpu_nfv", "cpu_edge"):
                    d[k] = float(d[k])
            except ValueError as e:
                raise Malformed(f"{path}:{n}: {e}") from None
            if not 0 <= d["loss"] <= 1 or d["secs"] <= 0:
                raise Malformed(f"{path}:{n}: loss {d['loss']}, secs {d['secs']}")
            rows.append(d)
    return rows


def med(xs):
    return statistics.median(xs) if xs else None


def span(xs):
    return f"{min(xs):g}-{max(xs):g}" if xs else "-"


def fmt(x, nd=0):
    if x is None:
        return "-"
    return f"{x:,.{nd}f}"


def searched(rows, kind):
    """{scenario: {rep: rate}} from the pdr or ndr rows, and the set of
    scenarios whose rate was the testbed's limit in some repetition: the
    value column is "RATE", or "RATE gen" (pktgen's full speed passed) or
    "RATE testbed" (the NFV node was under 90 % busy when the loss came)."""
    out, gen = {}, set()
    for d in rows:
        if d["kind"] == kind:
            v = d["value"].split()
            if not v or not v[0].isdigit():
                raise Malformed(f"{kind} row of {d['scenario']}: value '{d['value']}'")
            out.setdefault(d["scenario"], {})[d["rep"]] = int(v[0])
            if len(v) > 1:
                gen.add(d["scenario"])
    return out, gen


def sweep_tables(rows):
    """{sweep: {scenario: {point: {rep: pdr}}}}, points in numeric order,
    and the set of (sweep, scenario) whose PDR was the testbed's limit
    at some point."""
    out, gen = {}, set()
    for r in rows:
        if r["kind"] != "pdr":
            continue
        v = r["value"].split()
        if not v or not v[0].isdigit() or not r["param"].isdigit():
            raise Malformed(f"sweep {r['sweep']} row: param '{r['param']}', value '{r['value']}'")
        out.setdefault(r["sweep"], {}).setdefault(r["scenario"], {}) \
            .setdefault(int(r["param"]), {})[r["rep"]] = int(v[0])
        if len(v) > 1:
            gen.add((r["sweep"], r["scenario"]))
    return out, gen


def fit(points):
    """Least squares U = m R + k; (m, k, stderr of m, r2) or None."""
    n = len(points)
    if n < 3:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    m = sum((x - mx) * (y - my) for x, y in points) / sxx
    k = my - m * mx
    res = sum((y - (m * x + k)) ** 2 for x, y in points)
    syy = sum((y - my) ** 2 for y in ys)
    se = math.sqrt(res / (n - 2) / sxx) if n > 2 else float("nan")
    r2 = 1 - res / syy if syy > 0 else float("nan")
    return m, k, se, r2


def ratio(a, b):
    """Ratio of the medians of two {rep: value} maps, and the min-max of
    the per-repetition ratios."""
    reps = sorted(set(a) & set(b))
    per = [a[r] / b[r] for r in reps if b[r]]
    if not per or not med(list(b.values())):
        return None, []
    return med(list(a.values())) / med(list(b.values())), per


def plot(dirname, name, script):
    with open(os.path.join(dirname, name + ".gp"), "w") as f:
        f.write(script)
    subprocess.run(["gnuplot", name + ".gp"], cwd=dirname, check=True)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/report.py DIR")
    d = sys.argv[1]
    try:
        allrows = load(os.path.join(d, "results.csv"))
        # The scenarios' own measurements; the sweeps' rows apart.
        rows = [r for r in allrows if not r["sweep"]]
        swept = [r for r in allrows if r["sweep"]]
        pdr, pdr_gen = searched(rows, "pdr")
        ndr, ndr_gen = searched(rows, "ndr")
        sweeps, sweep_gen = sweep_tables(swept)
    except (OSError, Malformed) as e:
        sys.exit(f"bench/report.py: {e}")
    meta = ""
    if os.path.exists(os.path.join(d, "meta.txt")):
        meta = open(os.path.join(d, "meta.txt")).read()
    scen = [s for s in dict.fromkeys(r["scenario"] for r in rows
                                     if r["kind"] == "pdr")]
    if not scen:
        sys.exit("bench/report.py: no pdr row at all")

    out = ["# srext benchmark", "", "```", meta.strip(), "```", ""]
    out += ["Rates are packets per second offered by pktgen and delivered to eer",
            "(bench/README.md). Medians over the repetitions of this boot, min-max",
            "in brackets. A rate marked * is the testbed's limit, not the NFV node's:",
            "pktgen's full speed passed, or the NFV node's vCPU was under 90 % busy",
            "when the loss came (in some repetition; bench/README.md, Isolation).",
            ""]

    # ------------------------------------------------------------ PDR/NDR
    out += ["## Throughput", "",
            "| scenario | PDR (0.5 % loss) | NDR (no loss) | PDR / sr-aware | vCPU busy at PDR: NFV node / testbed |",
            "|---|---|---|---|---|"]
    for s in scen:
        p = list(pdr.get(s, {}).values())
        n = list(ndr.get(s, {}).values())
        rs, per = ratio(pdr.get(s, {}), pdr.get(SRV6_BASE, {}))
        # The busiest passing trial of the PDR search says who was the limit.
        ok = [r for r in rows if r["kind"] == "trial-pdr" and r["scenario"] == s
              and r["loss"] <= 0.005]
        top = max(ok, key=lambda r: r["offered_pps"]) if ok else None
        busy = (f"{top['cpu_nfv']:.0%} / {top['cpu_edge']:.0%}"
                if top else "-")
        out.append(f"| {s} | {fmt(med(p))}{'*' if s in pdr_gen else ''} [{span(p)}] "
                   f"| {fmt(med(n))}{'*' if s in ndr_gen else ''} [{span(n)}] "
                   f"| {fmt(rs, 3)} [{span([round(x, 3) for x in per])}] | {busy} |")
    out.append("")

    # ------------------------------------------------------------ CPU fit
    fits = {}
    out += ["## CPU cost (the paper's method)", "",
            "U = m R + k over the CPU trials without loss, U the NFV node's vCPU busy",
            "fraction in %, R in kpps.", "",
            "| scenario | m (%/kpps) | k (%) | stderr of m | R² | points | m / m(sr-aware) |",
            "|---|---|---|---|---|---|---|"]
    for s in scen:
        pts = [(r["offered_pps"] / 1000, r["cpu_nfv"] * 100) for r in rows
               if r["kind"] == "cpu" and r["scenario"] == s and r["loss"] == 0]
        fits[s] = fit(pts)
    for s in scen:
        f = fits[s]
        base = fits.get(SRV6_BASE)
        rel = f[0] / base[0] if f and base and base[0] else None
        if f:
            out.append(f"| {s} | {f[0]:.3f} | {f[1]:.2f} | {f[2]:.3f} | {f[3]:.3f} "
                       f"| {sum(1 for r in rows if r['kind'] == 'cpu' and r['scenario'] == s and r['loss'] == 0)} "
                       f"| {fmt(rel, 3)} |")
        else:
            out.append(f"| {s} | - | - | - | - | fewer than 3 without loss | - |")
    out.append("")

    # ----------------------------------------------------------- overload
    out += ["## Overload", "",
            "Delivered rate when offered k x the scenario's PDR (of the same repetition),",
            "as a fraction of its median PDR; k reached: what pktgen really offered / PDR",
            "(less than k when k x PDR is beyond its full speed).", "",
            "| scenario | k | k reached | offered (pps) | delivered (pps) | delivered / PDR |",
            "|---|---|---|---|---|---|"]
    over = {}
    for r in rows:
        if r["kind"] == "overload":
            over.setdefault((r["scenario"], r["value"]), []).append(r)
    for (s, k), rs in over.items():
        offered = [r["offered_pps"] for r in rs]
        got = [r["received"] / r["secs"] for r in rs]
        p = med(list(pdr.get(s, {}).values()))
        frac = med(got) / p if p else None
        reached = med(offered) / p if p else None
        over[(s, k)] = (frac, reached)
        out.append(f"| {s} | {k} | {fmt(reached, 2)} | {fmt(med(offered))} | {fmt(med(got))} "
                   f"| {fmt(frac, 3)} |")
    out.append("")

    # ------------------------------------------------------------ latency
    out += ["## Latency", "",
            "One-way delay from ier's receiving a datagram from src to eer's receiving",
            "it from nfv, at half the PDR, one datagram in 16 sampled (bench/latency.py);",
            "medians over the repetitions.", "",
            "| scenario | offered (pps) | median (µs) | p99 (µs) | samples |",
            "|---|---|---|---|---|"]
    for s in scen:
        lat = [(r, r["value"].split()) for r in rows
               if r["kind"] == "latency" and r["scenario"] == s]
        lat = [(r, v) for r, v in lat if len(v) == 3 and v[2] != "0"]
        if not lat:
            out.append(f"| {s} | - | - | - | 0 |")
            continue
        out.append(f"| {s} | {fmt(med([r['offered_pps'] for r, _ in lat]))} "
                   f"| {fmt(med([float(v[0]) for _, v in lat]))} "
                   f"| {fmt(med([float(v[1]) for _, v in lat]))} "
                   f"| {sum(int(v[2]) for _, v in lat)} |")
    out.append("")

    # ------------------------------------------------------------- sweeps
    names = {"sids": "SIDs in the table", "segs": "segments in the SRH",
             "chain": "VNFs in the chain", "flows": "inner flows",
             "frame": "frame bytes", "other": "srext SIDs (0: not loaded)"}
    if sweeps:
        out += ["## Sweeps", "",
                "PDR at each point (median [min-max] over the repetitions), and its ratio",
                "to the first point's median.", ""]
    for sw, by_s in sweeps.items():
        # Every point any scenario has, a "-" where one lacks it.
        allpts = sorted(set().union(*(set(p) for p in by_s.values())))
        out += [f"### {sw}: {names.get(sw, sw)}", "",
                "| scenario | " + " | ".join(str(p) for p in allpts) + " |",
                "|---|" + "---|" * len(allpts)]
        for s, pts in by_s.items():
            keys = sorted(pts)
            base = med(list(pts[keys[0]].values()))
            cells = []
            for k in allpts:
                if k not in pts:
                    cells.append("-")
                    continue
                m = med(list(pts[k].values()))
                cells.append(f"{fmt(m)} [{span(list(pts[k].values()))}] "
                             f"({fmt(m / base if base else None, 3)})")
            out.append(f"| {s} | " + " | ".join(cells) + " |")
        out.append("")

    # ------------------------------------------------------------ targets
    # A ratio whose PDRs were the testbed's limit says nothing of the NFV
    # node: no verdict.
    def target(name, value, ok, gen=False):
        verdict = ("not measured" if value is None else
                   "no verdict: the testbed was the limit" if gen else
                   "met" if ok else "missed")
        return f"| {name} | {fmt(value, 3)} | {verdict} |"

    out += ["## Targets (issue 9)", "", "| target | measured | |", "|---|---|---|"]
    r_ad6, _ = ratio(pdr.get("end.ad6", {}), pdr.get(SRV6_BASE, {}))
    out.append(target("PDR end.ad6 / sr-aware >= 0.97", r_ad6, r_ad6 is not None and r_ad6 >= 0.97,
                      bool({"end.ad6", SRV6_BASE} & pdr_gen)))
    f1, f0 = fits.get("end.ad6"), fits.get(SRV6_BASE)
    m_rel = f1[0] / f0[0] if f1 and f0 and f0[0] else None
    out.append(target("m(end.ad6) / m(sr-aware) <= 1.02", m_rel, m_rel is not None and m_rel <= 1.02))
    r_np, _ = ratio(pdr.get("end.ad6", {}), pdr.get("native-proxy", {}))
    out.append(target("PDR end.ad6 / native-proxy >= 1.0", r_np, r_np is not None and r_np >= 1.0,
                      bool({"end.ad6", "native-proxy"} & pdr_gen)))
    for s in scen:
        if s in SREXT:
            ks = sorted((int(k), v) for (ss, k), v in over.items() if ss == s)
            if ks:
                # Overload that pktgen did not reach (90 % of k x PDR) is
                # the testbed's limit as well.
                k, (v, reached) = ks[-1]
                out.append(target(f"{s} at {k}x PDR delivers >= 0.9 x PDR", v,
                                  v is not None and v >= 0.9,
                                  s in pdr_gen or reached is None or reached < 0.9 * k))

    def sweep_ratio(sw, s, hi_pt=None):
        pts = sweeps.get(sw, {}).get(s)
        # One point (the quick set) is no ratio.
        if not pts or len(pts) < 2:
            return None, None, False
        keys = sorted(pts)
        lo = med(list(pts[keys[0]].values()))
        hi = med(list(pts[hi_pt if hi_pt in pts else keys[-1]].values()))
        # The largest drop from one point to the next.
        meds = [med(list(pts[k].values())) for k in keys]
        step = max([1 - b / a for a, b in zip(meds, meds[1:]) if a] or [0])
        return (hi / lo if lo else None), step, (sw, s) in sweep_gen

    r, _, g = sweep_ratio("sids", "end.ad6")
    out.append(target("PDR with the most SIDs / 1 SID >= 0.95", r, r is not None and r >= 0.95, g))
    r, step, g = sweep_ratio("segs", "end.ad6")
    out.append(target("PDR with the longest segment list / the shortest >= 0.90", r,
                      r is not None and r >= 0.90, g))
    out.append(target("largest drop between two segment-list lengths <= 0.05", step,
                      step is not None and step <= 0.05, g))
    r, _, g = sweep_ratio("flows", "end.ad6-flow")
    out.append(target("flow cache with the most flows / 1 flow >= 0.90", r, r is not None and r >= 0.90, g))
    r, _, g = sweep_ratio("other", "routed")
    out.append(target("other traffic, srext loaded with SIDs / not loaded >= 0.99", r,
                      r is not None and r >= 0.99, g))
    out.append("")

    # ------------------------------------------------------------ profiles
    profs = [s for s in scen if os.path.exists(os.path.join(d, f"profile-{s}.txt"))]
    if profs:
        out += ["## Where the NFV node's vCPU goes", "",
                "perf record -e cpu-clock on the NFV node's vCPU during a trial at the PDR",
                "(first repetition). The idle loop's samples are set apart; each function's",
                "share is of the busy samples (DIR/profile-SCENARIO.txt has every function",
                "of 0.1 % of all samples or more).", ""]
        for s in profs:
            idle, busy = profile(os.path.join(d, f"profile-{s}.txt"))
            total = sum(p for p, _ in busy) or 1.0
            out += [f"{s}: idle {idle:.1f} % of the samples; of the rest:", "```"]
            out += [f"{100 * p / total:6.2f} %  {sym}" for p, sym in busy[:10]]
            out += ["```", ""]

    # -------------------------------------------------------------- plots
    with open(os.path.join(d, "pdr.dat"), "w") as f:
        for i, s in enumerate(scen):
            p = list(pdr.get(s, {}).values())
            f.write(f"{i} \"{s}\" {med(p)} {min(p)} {max(p)}\n")
    plot(d, "pdr", f"""set terminal pngcairo size 900,500
set output 'pdr.png'
set title 'PDR (0.5 % loss) per scenario: median, min-max'
set ylabel 'packets/s'
set yrange [0:*]
set boxwidth 0.6
set style fill solid 0.5
set xtics rotate by -30
plot 'pdr.dat' using 1:3:xtic(2) with boxes notitle, '' using 1:3:4:5 with yerrorbars notitle lc rgb 'black'
""")
    plots = ["pdr.png"]
    lines = []
    with open(os.path.join(d, "cpu.dat"), "w") as f:
        for i, s in enumerate(scen):
            f.write(f"# {s}\n")
            for r in rows:
                if r["kind"] == "cpu" and r["scenario"] == s and r["loss"] == 0:
                    f.write(f"{r['offered_pps'] / 1000} {r['cpu_nfv'] * 100}\n")
            f.write("\n\n")
            lines.append(f"'cpu.dat' index {i} using 1:2 with points pt 7 lc {i + 1} title '{s}'")
            if fits[s]:
                m, k = fits[s][0], fits[s][1]
                lines.append(f"{m}*x+{k} with lines lc {i + 1} notitle")
    plot(d, "cpu", f"""set terminal pngcairo size 900,600
set output 'cpu.png'
set title "NFV node's vCPU busy against offered rate, with the fit U = m R + k"
set xlabel 'kpps'
set ylabel '% busy'
set key left top
plot {', '.join(lines)}
""")
    plots.append("cpu.png")
    lines = []
    with open(os.path.join(d, "success.dat"), "w") as f:
        for i, s in enumerate(scen):
            f.write(f"# {s}\n")
            pts = sorted((r["offered_pps"], r["received"] / r["sent"] if r["sent"] else 0)
                         for r in rows if r["scenario"] == s and r["kind"] in
                         ("trial-pdr", "trial-ndr", "cpu", "overload"))
            for x, y in pts:
                f.write(f"{x / 1000} {y}\n")
            f.write("\n\n")
            lines.append(f"'success.dat' index {i} using 1:2 with linespoints lc {i + 1} title '{s}'")
    plot(d, "success", f"""set terminal pngcairo size 900,600
set output 'success.png'
set title 'Delivery ratio against offered rate (the paper, Fig. 5)'
set xlabel 'offered kpps'
set ylabel 'delivered / sent'
set yrange [0:1.05]
set key left bottom
plot {', '.join(lines)}
""")
    plots.append("success.png")

    out += ["## Plots", ""] + [f"![{p}]({p})" for p in plots] + [""]
    with open(os.path.join(d, "report.md"), "w") as f:
        f.write("\n".join(out))
    for p in plots:
        if not os.path.getsize(os.path.join(d, p)):
            sys.exit(f"bench/report.py: {p} is empty")


if __name__ == "__main__":
    main()
