#!/usr/bin/env python3
# Side-by-side table of alternating `npm run bench -- --encryption off|on` runs (see
# bench-results/encryption/pairs.sh). Usage: summarize-encryption.py DIR  (DIR holds runN-off/on)
import json, os, statistics, sys

d = sys.argv[1]
runs = sorted(r for r in os.listdir(d) if r.startswith('run') and os.path.isdir(os.path.join(d, r)))
rows = []
for r in runs:
    path = os.path.join(d, r, 'bench.json')
    if not os.path.exists(path):
        continue
    b = json.load(open(path))
    s = b['sizes'][-1]['retrieval']
    rows.append((r, b['encrypted'], b['ingest']['messages_per_s'], s['context_with_embedding_ms'], s['context_without_embedding_ms'],
                 b['machine']['load_avg_1m'], b['machine']['speed_ms']['start'], b['machine']['speed_ms']['end']))
print(f"| run | encryption | ingest msg/s | assembly with embedding p50 / p95 ms | assembly without embedding p50 / p95 ms | load (1 min) at start | machine speed start/end ms |")
print("|---|---|---|---|---|---|---|")
for r, enc, ing, w, wo, load, s0, s1 in rows:
    print(f"| {r} | {'on' if enc else 'off'} | {ing:.0f} | {w['p50']:.0f} / {w['p95']:.0f} | {wo['p50']:.0f} / {wo['p95']:.0f} | {load:.1f} | {s0:.0f} / {s1:.0f} |")
print()
def med(enc, f):
    values = [f(x) for x in rows if x[1] == enc]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float('nan')
# Benches from before the ingest's work counts (3ff09d4) have none: those rows print nan.
def full_work(x):
    work = json.load(open(os.path.join(d, x[0], 'bench.json')))['ingest'].get('work')
    return work or {'cpu_ms': float('nan'), 'wal_pages': float('nan')}
print("| median of runs | off | on | on vs off |")
print("|---|---|---|---|")
for name, f, higher_better in [
    ("ingest msg/s", lambda x: x[2], True),
    ("ingest CPU s (load-independent)", lambda x: full_work(x)['cpu_ms'] / 1000, False),
    ("ingest WAL pages", lambda x: full_work(x)['wal_pages'], False),
    ("assembly with embedding p50 ms", lambda x: x[3]['p50'], False),
    ("assembly with embedding p95 ms", lambda x: x[3]['p95'], False),
    ("assembly without embedding p50 ms", lambda x: x[4]['p50'], False),
    ("assembly without embedding p95 ms", lambda x: x[4]['p95'], False),
]:
    off, on = med(False, f), med(True, f)
    change = (off / on - 1) if higher_better else (on / off - 1)
    if change != change:  # nan: runs from before the work counts
        print(f"| {name} | n/a | n/a | n/a |")
        continue
    print(f"| {name} | {off:.1f} | {on:.1f} | {'+' if change >= 0 else ''}{change * 100:.0f}% {'slower' if change >= 0 else 'faster'} |")

# Side-by-side pairs (runN-off and runN-on started together): each pair's own on/off ratio,
# which compares runs that saw the same load, and History search.
pairs = sorted({r.rsplit('-', 1)[0] for r, *_ in rows})
by = {(r, enc): x for x in rows for r, enc in [(x[0].rsplit('-', 1)[0], x[1])]}
full = {x[0]: json.load(open(os.path.join(d, x[0], 'bench.json'))) for x in rows}
print()
print("| pair | ingest | assembly with embedding p50 / p95 | assembly without embedding p50 / p95 | History search p50 / p95 ms, off → on |")
print("|---|---|---|---|---|")
pct = lambda v: f"{'+' if v >= 0 else ''}{v * 100:.0f}%"
for p in pairs:
    off, on = by.get((p, False)), by.get((p, True))
    if not off or not on:
        continue
    hs = lambda enc: full[f"{p}-{enc}"]['sizes'][-1]['retrieval']['history_search_ms']
    print(f"| {p} | {pct(off[2] / on[2] - 1)} | {pct(on[3]['p50'] / off[3]['p50'] - 1)} / {pct(on[3]['p95'] / off[3]['p95'] - 1)} | "
          f"{pct(on[4]['p50'] / off[4]['p50'] - 1)} / {pct(on[4]['p95'] / off[4]['p95'] - 1)} | "
          f"{hs('off')['p50']:.0f} / {hs('off')['p95']:.0f} → {hs('on')['p50']:.0f} / {hs('on')['p95']:.0f} |")
