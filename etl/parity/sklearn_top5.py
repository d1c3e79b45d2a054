#!/usr/bin/python3
"""Reference top-k neighbours with scikit-learn, as the original Python project computed them.

    /usr/bin/python3 etl/parity/sklearn_top5.py --in movies.jsonl --out sklearn.jsonl
        [--k 5] [--method sparse|nn|nn-raw] [--rows-per-chunk R] [--file-order] [--query-ids FILE]

Input: JSON lines {"id", "genres": [names], "title", "overview"} (the ETL's cleaned movies).
Text: ' '.join(genres) + ' ' + title + ' ' + overview, then re.sub(r'[^\\w\\s]', '', text);
model: TfidfVectorizer(stop_words='english'). Neighbours of a movie: the k other movies with the
highest cosine similarity > 0, ties broken by lower id. Output: JSON lines {"id", "top": [[id, sim], ...]}.

--method sparse (default): exact similarities as the sparse product X[rows] @ X.T, a chunk of
  rows at a time (memory ~ rows-per-chunk x N); with rows in id order (the default) its
  floating-point sums are in the same order as the TypeScript recommender's.
--method nn: NearestNeighbors(metric='cosine', algorithm='brute') on the same X, the usual
  way (distances 1 - cos after a re-normalisation, chunked by scikit-learn's working_memory);
  asks for k + 1 + 10 neighbours, then re-ranks them by exact similarity and id. Exact ties
  beyond those 11 extra candidates can be missed: a benchmark, not the reference.
--method nn-raw: the same, but kneighbors' own order and 1 - distance as similarity (how
  the usual scikit-learn recipe ranks: ties and near-ties in no defined order).
--query-ids FILE: only the movies whose ids are listed (one per line) are queried, against all
  rows (the model is still fitted on the whole catalogue): a sample check at any size.
--file-order keeps the file's row order (vocabulary numbering, hence sum order, follows it).
--cr-idf replaces numpy's log in the idf by a correctly rounded one (mpmath), like the
  TypeScript side: numpy's SIMD log is one ulp off for part of the df values on AVX-512
  machines, the only reason why similarities are not bit-identical. Everything else is
  TfidfVectorizer's own code, so similarities should then match bit for bit.
Timings go to stderr.
"""
import argparse
import json
import re
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def movie_text(m):
    genres = m.get("genres") or []
    text = " ".join(genres) + " " + (m.get("title") or "") + " " + (m.get("overview") or "")
    return re.sub(r"[^\w\s]", "", text)


def use_cr_log_in_sklearn():
    """Makes sklearn.feature_extraction.text use a correctly rounded np.log (mpmath)."""
    import types

    import mpmath
    import sklearn.feature_extraction.text as sktext

    mpmath.mp.prec = 200

    def cr_log(x):
        x = np.asarray(x, dtype=np.float64)
        logs = {v: float(mpmath.log(mpmath.mpf(v))) for v in np.unique(x)}
        return np.array([logs[v] for v in x.ravel()]).reshape(x.shape)

    class NumpyWithCrLog(types.ModuleType):
        def __getattr__(self, name):
            return getattr(np, name)

    shim = NumpyWithCrLog("numpy_cr_log")
    shim.log = cr_log
    sktext.np = shim  # the idf is np.log(n_samples / df) + 1 in TfidfTransformer.fit


def top_of_row(cols, vals, self_index, ids, k):
    """The k best (sim desc, id asc) among cols/vals, excluding self and sims <= 0."""
    keep = (cols != self_index) & (vals > 0)
    cols, vals = cols[keep], vals[keep]
    if len(vals) > k:
        kth = np.partition(vals, len(vals) - k)[len(vals) - k]  # k-th largest value
        sel = vals >= kth  # keeps every candidate tied with it
        cols, vals = cols[sel], vals[sel]
    order = np.lexsort((ids[cols], -vals))[:k]
    return [[int(ids[cols[o]]), float(vals[o])] for o in order]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--method", choices=["sparse", "nn", "nn-raw"], default="sparse")
    ap.add_argument("--rows-per-chunk", type=int, default=0)
    ap.add_argument("--file-order", action="store_true")
    ap.add_argument("--cr-idf", action="store_true")
    ap.add_argument("--query-ids")
    a = ap.parse_args()

    t0 = time.perf_counter()
    with open(a.inp, encoding="utf-8") as f:
        movies = [json.loads(line) for line in f if line.strip()]
    if not a.file_order:
        movies.sort(key=lambda m: m["id"])
    ids = np.array([m["id"] for m in movies], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        sys.exit("duplicate ids in input")
    texts = [movie_text(m) for m in movies]
    del movies
    t1 = time.perf_counter()
    if a.cr_idf:
        use_cr_log_in_sklearn()
    X = TfidfVectorizer(stop_words="english").fit_transform(texts)
    del texts
    t2 = time.perf_counter()
    n, k = X.shape[0], a.k
    if a.query_ids:
        with open(a.query_ids, encoding="utf-8") as f:
            wanted = np.array(sorted({int(line) for line in f if line.strip()}), dtype=np.int64)
        pos = {int(v): i for i, v in enumerate(ids)}
        missing = [int(v) for v in wanted if int(v) not in pos]
        if missing:
            sys.exit(f"--query-ids: {len(missing)} ids not in the input, e.g. {missing[:5]}")
        queries = np.array([pos[int(v)] for v in wanted], dtype=np.int64)
    else:
        queries = np.arange(n)
    out = open(a.out, "w", encoding="utf-8")

    def write(i, top):
        out.write(json.dumps({"id": int(ids[i]), "top": top}) + "\n")

    if a.method == "sparse":
        rows = a.rows_per_chunk or max(1, int(2e7 // max(n, 1)))
        XT = X.T.tocsr()  # what X @ X.T converts X.T to; done once
        for lo in range(0, len(queries), rows):
            sel = queries[lo:lo + rows]
            S = X[sel] @ XT
            for r in range(S.shape[0]):
                a_, b_ = S.indptr[r], S.indptr[r + 1]
                write(sel[r], top_of_row(S.indices[a_:b_], S.data[a_:b_], sel[r], ids, k))
    else:
        from sklearn.neighbors import NearestNeighbors

        extra = min(n, k + 1 + 10)
        nn = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=extra).fit(X)
        rows = a.rows_per_chunk or 2000
        for lo in range(0, len(queries), rows):
            sel = queries[lo:lo + rows]
            dist, ind = nn.kneighbors(X[sel])
            if a.method == "nn-raw":  # scikit-learn's own order, sim = 1 - distance
                for r in range(ind.shape[0]):
                    top = [[int(ids[j]), float(1 - d)] for j, d in zip(ind[r], dist[r]) if j != sel[r] and 1 - d > 0]
                    write(sel[r], top[:k])
                continue
            for r in range(ind.shape[0]):
                cols = ind[r]
                # exact similarities of the candidates, in scipy's sum order
                vals = np.asarray((X[sel[r]] @ X[cols].T).todense()).ravel()
                write(sel[r], top_of_row(cols, vals, sel[r], ids, k))
    out.close()
    t3 = time.perf_counter()
    print(f"sklearn_top5: n={n} vocab={X.shape[1]} nnz={X.nnz} method={a.method} "
          f"queries={len(queries)} read+text={t1 - t0:.2f}s tfidf={t2 - t1:.2f}s topk={t3 - t2:.2f}s total={t3 - t0:.2f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
