#!/usr/bin/env python3
"""The batch baseline issue 16 measures the engine against: scikit-learn
TF-IDF over title and text, average-linkage clustering on cosine distance.

    .ci/sklearn-baseline.py FILE.jsonl [--threshold 0.85] [--tune]

Prints event B-cubed against the file's gold `story` and the seconds spent
reading, vectorising and clustering (Python's start-up not counted), so
`.ci/bench baseline` can set the engine's time beside it in one run.
--tune tries thresholds 0.50-0.95 and prints the best.
Needs python3-sklearn (Debian) or scikit-learn (pip).
"""
import argparse
import json
import sys
import time
from collections import Counter, defaultdict


def bcubed(gold, pred):
    by_gold = defaultdict(set)
    by_pred = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    n = len(gold)
    prec = rec = 0.0
    for i in range(n):
        g, p = by_gold[gold[i]], by_pred[pred[i]]
        inter = len(g & p)
        prec += inter / len(p)
        rec += inter / len(g)
    prec, rec = prec / n, rec / n
    return prec, rec, 2 * prec * rec / (prec + rec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--tune", action="store_true")
    args = ap.parse_args()

    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    docs, gold = [], []
    with open(args.file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            docs.append((a.get("title") or "") + "\n" + (a.get("text") or ""))
            gold.append(a.get("story", ""))
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs).toarray()

    def cluster(t):
        return AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=t
        ).fit_predict(x)

    pred = cluster(args.threshold)
    took = time.perf_counter() - start
    p, r, f1 = bcubed(gold, pred)
    print(f"sklearn: threshold {args.threshold} B-cubed P {p:.4f} R {r:.4f} F1 {f1:.4f}; "
          f"{len(docs)} articles, {len(Counter(pred))} stories; {took:.3f} s")
    if args.tune:
        best = max((bcubed(gold, cluster(t / 100))[2], t / 100) for t in range(50, 96, 5))
        print(f"sklearn: best threshold {best[1]:.2f} F1 {best[0]:.4f}")


if __name__ == "__main__":
    sys.exit(main())
