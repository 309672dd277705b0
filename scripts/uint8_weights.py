"""Store the contextual model's int8 weights as uint8, so every x86 CPU computes the same numbers.

onnxruntime multiplies uint8 activations by int8 weights, on CPUs with AVX2 but without
AVX-512 VNNI or AVX-VNNI, with an instruction that adds pairs of products into 16 bits and
saturates: large products are clipped, silently. On such a CPU the shipped model gave other
probabilities than on a VNNI CPU (a test message's ``request`` went from 0.376 to 0.425, over
the threshold). Adding 128 to every weight and to its zero point gives the same integers after
the zero point is taken off, so the model is unchanged, but uint8 times uint8 is computed
without saturation everywhere (docs/coding.md, "One model, the same numbers on every CPU").

Needs the ``onnx`` package (not a dependency of the project); run it from the training
environment of ``scripts/train_contextual.py``, which calls it after quantising::

    /tmp/enc/bin/python scripts/uint8_weights.py model.onnx model-u8.onnx
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def to_uint8(source: Path, target: Path) -> int:
    """Rewrite every int8 weight and weight zero point of a ``MatMulInteger`` as uint8.

    Returns the number of initializers rewritten; refuses a ``MatMulInteger`` without a weight
    zero point (there would be nothing to shift by 128 with the weights).
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    initializers = {i.name: i for i in model.graph.initializer}
    done: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        if len(node.input) < 4 or not node.input[3]:
            raise SystemExit(f"{source}: {node.name} has no weight zero point")
        for name in (node.input[1], node.input[3]):
            if name in done or name not in initializers:
                continue
            values = numpy_helper.to_array(initializers[name])
            if values.dtype == np.uint8:
                continue
            if values.dtype != np.int8:
                raise SystemExit(f"{source}: {name} is {values.dtype}, expected int8")
            shifted = (values.astype(np.int16) + 128).astype(np.uint8)
            initializers[name].CopyFrom(numpy_helper.from_array(shifted, name))
            done.add(name)
    onnx.save(model, str(target))
    return len(done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="int8 model (quantize_dynamic, QInt8)")
    parser.add_argument("target", type=Path, help="where to write the uint8 model")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        raise SystemExit(f"no such file: {args.source}")
    count = to_uint8(args.source, args.target)
    print(f"wrote {args.target}: {count} weight tensors stored as uint8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
