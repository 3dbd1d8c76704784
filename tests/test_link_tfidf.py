"""The numpy TF-IDF of linking against scikit-learn's, and the k best per target against the loop it
replaced: the same arrays bit for bit and the same order, so that every
cosine (a sparse product summed in row order) and hence every candidate and score is unchanged."""

from __future__ import annotations

import random

import numpy as np
import pytest

from policydocs.link.tfidf import char_tfidf

pytest.importorskip("sklearn")


def reference(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1).fit_transform(texts)


def assert_same(texts):
    want, got = reference(texts), char_tfidf(texts)
    assert got.shape == want.shape
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)  # same columns in the same order inside each row
    assert got.data.tobytes() == want.data.tobytes()  # not approximately: to the last bit
    # the products linking takes (targets × actuals) therefore agree to the last bit too
    half = len(texts) // 2
    if half:
        assert ((got[:half] @ got[half:].T).toarray().tobytes()
                == (want[:half] @ want[half:].T).toarray().tobytes())


def test_edge_cases():
    assert_same(["", "a", "ab", "abc", "aaaa", "abab", "国内生产总值|增长#%", "国内生产总值|国内生产总值|增长#%",
                 "𠀀𠀁𠀀𠀀", "😀a😀", "A  B\t\tc d", "İstanbul", "ẞ", "x", "", "\ud800ab"])


def test_single_texts():
    for text in ("a", "ab", "aaa", "𠀀", "a\n\n\nb"):
        assert_same([text])


def test_random_texts():
    rnd = random.Random(7)
    alphabet = list("ab国内生产总值增长#|%AB 𠀀😀\t") + ["\u3000"]
    for _ in range(300):
        texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40)))
                 for _ in range(rnd.randrange(1, 60))]
        if any(t.strip() or t for t in texts):
            assert_same(texts)


def test_long_rows_and_repeats():
    # many entries per row: the norm is a left-to-right sum, which numpy's pairwise sum is not
    rnd = random.Random(3)
    texts = ["".join(chr(0x4E00 + rnd.randrange(400)) for _ in range(rnd.randrange(50, 300))) for _ in range(40)]
    assert_same(texts + ["重复" * 100, "国" * 500])


def test_empty_vocabulary():
    for texts in ([""], ["", ""], []):
        with pytest.raises(ValueError, match="empty vocabulary"):
            char_tfidf(texts)
        with pytest.raises(ValueError, match="empty vocabulary"):
            reference(texts)


# --- the k best per target (candidates._top) against the loop it replaced -------------------------

def reference_top(sims, q, a_idx, k):
    out = {}
    kk = min(k, sims.shape[1])
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    for row_i, ti in enumerate(q):
        out[int(ti)] = []
        for j in top[row_i]:
            sim = float(sims[row_i, j])
            if sim > 0:
                out[int(ti)].append((int(a_idx[j]), sim))
        out[int(ti)].sort(key=lambda x: -x[1])
    return out


def test_top_k_keeps_order_and_ties():
    from policydocs.link.candidates import _top

    rnd = np.random.default_rng(11)
    for _ in range(200):
        rows, cols = int(rnd.integers(1, 30)), int(rnd.integers(1, 40))
        # few distinct values: many ties, zeros (masked pairs) among them
        sims = rnd.choice([0.0, 0.0, 0.25, 0.5, 0.5, 0.75, 1 / 3], size=(rows, cols))
        q = rnd.permutation(1000)[:rows].astype(np.int64)
        a_idx = np.sort(rnd.permutation(5000)[:cols]).astype(np.int64)
        for k in (1, 3, 8, 50):
            got = dict(_top(sims.copy(), q, a_idx, k))
            want = reference_top(sims.copy(), q, a_idx, k)
            assert list(got) == list(want) and got == want
            for floor in (0.25, 0.5):  # the same lists, less the pairs below the floor
                got = dict(_top(sims.copy(), q, a_idx, k, floor))
                assert got == {ti: [(j, s) for j, s in pairs if s >= floor] for ti, pairs in want.items()}
