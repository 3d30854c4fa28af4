#!/usr/bin/env bash
# Builds what the GPU check carries to the device machine, in pieces that each fit one transfer (< 64 MiB):
#   .gpu1/app.tar.zst + .gpu1/zstd   self-contained Bench (linux-x64) without the CUDA provider, and a zstd binary
#   .gpu2/cuda.part0 .gpu3/cuda.part1 .gpu4/cuda.part2   libonnxruntime_providers_cuda.so, zstd -19, split in three
# Then Bench/Gpu/gpu-check.sh, run on the device in the repository root, reassembles and runs the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
dotnet publish Bench/Bench.csproj -c Release -r linux-x64 --self-contained -o "$out/app" -p:CreateHardLinksForPublishFilesIfPossible=false -v quiet
rm -f "$out/app/libonnxruntime_providers_tensorrt.so"
rm -rf .gpu1 .gpu2 .gpu3 .gpu4 && mkdir -p .gpu1 .gpu2 .gpu3 .gpu4
# Left out: the CUDA provider (sent in three pieces below) and native libraries the GPU benchmarks never load.
tar -C "$out/app" -cf - --exclude=libonnxruntime_providers_cuda.so --exclude='*librdkafka*.so' --exclude=libcapstone.so . \
  | zstd -19 -T0 -q -o .gpu1/app.tar.zst
cp "$(command -v zstd)" .gpu1/zstd
zstd -19 -T0 -q "$out/app/libonnxruntime_providers_cuda.so" -o "$out/cuda.zst"
size=$(stat -c %s "$out/cuda.zst")
split -b $(( (size + 2) / 3 )) -d -a 1 "$out/cuda.zst" "$out/cuda.part"
mv "$out/cuda.part0" .gpu2/ && mv "$out/cuda.part1" .gpu3/ && mv "$out/cuda.part2" .gpu4/
rm -rf "$out"
ls -la .gpu1 .gpu2 .gpu3 .gpu4
