import json, sys, glob, os
root = sys.argv[1]
pairs = sorted({os.path.basename(p).split('-')[1] for p in glob.glob(f'{root}/main-*')})
rows = [
 ('ingest msgs/s', lambda s: s['ingest']['messages_per_s']),
 ('indexer catch-up s', lambda s: s['indexing']['catchup_ms']/1000),
 ('dry run with embedding p50 ms', lambda s: s['retrieval']['context_with_embedding_ms']['p50']),
 ('dry run with embedding p95 ms', lambda s: s['retrieval']['context_with_embedding_ms']['p95']),
 ('assembly no embedding p50 ms', lambda s: s['retrieval']['context_without_embedding_ms']['p50']),
 ('assembly no embedding p95 ms', lambda s: s['retrieval']['context_without_embedding_ms']['p95']),
 ('History search p50 ms', lambda s: s['retrieval']['history_search_ms']['p50']),
 ('History search p95 ms', lambda s: s['retrieval']['history_search_ms']['p95']),
 ('mean context tokens', lambda s: s['retrieval']['mean_context_tokens']),
 ('hybrid share', lambda s: s['retrieval']['hybrid_share']),
 ('main RSS MB', lambda s: s['memory']['rss_mb']),
]
hdr = '| figure (largest size) | ' + ' | '.join(f'pair {p}: main → shape4' for p in pairs) + ' |'
print(hdr); print('|' + '---|' * (len(pairs)+1))
for name, f in rows:
    cells = []
    for p in pairs:
        a = json.load(open(f'{root}/main-{p}/bench.json')); b = json.load(open(f'{root}/shape4-{p}/bench.json'))
        va, vb = f(a['sizes'][-1]), f(b['sizes'][-1])
        pct = f' ({(vb-va)/va*100:+.0f}%)' if va else ''
        cells.append(f'{va:.4g} → {vb:.4g}{pct}')
    print(f'| {name} | ' + ' | '.join(cells) + ' |')
for p in pairs:
    for side in ('main','shape4'):
        m = json.load(open(f'{root}/{side}-{p}/bench.json'))['machine']
        print(f'pair {p} {side}: load at start {m.get("load_avg_start", m.get("load"))} speed {m.get("speed_ms", "")}')
