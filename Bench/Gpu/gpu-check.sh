#!/usr/bin/env bash
# Runs on the device machine (repository root, $OUT for results) after prepare-gpu-check.sh's pieces arrived.
# The CUDA 13 / cuDNN 9 user-space libraries come from the machine's Python packages (nvidia-*).
set -uo pipefail
app=/tmp/rec-gpu-app
zstd=$(command -v zstd || echo "$PWD/.gpu1/zstd")
if [ ! -x "$app/Orleans.Rec.Bench" ]; then
  mkdir -p "$app" && "$zstd" -dc .gpu1/app.tar.zst | tar -C "$app" -xf -
fi
if [ ! -f "$app/libonnxruntime_providers_cuda.so" ]; then
  cat .gpu2/cuda.part0 .gpu3/cuda.part1 .gpu4/cuda.part2 | "$zstd" -dc > "$app/libonnxruntime_providers_cuda.so"
fi
nv=$(python3 -c "import nvidia; print(list(nvidia.__path__)[0])" 2>/dev/null)
export LD_LIBRARY_PATH="$(ls -d "$nv"/*/lib 2>/dev/null | tr '\n' ':')$app"
export DOTNET_gcServer=0
out=${OUT:-/tmp}
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  nproc
  "$app/Orleans.Rec.Bench" devices
  for items in 20000 100000; do
    # I/O binding (pinned host buffers) is the CUDA default; the second run is the same without it, for the ratio.
    "$app/Orleans.Rec.Bench" inference --device cuda --items "$items" --seconds 3 --max-batch 128 --callers 1024
    "$app/Orleans.Rec.Bench" inference --device cuda --items "$items" --seconds 3 --max-batch 128 --callers 1024 --io-binding never
  done
} 2>&1 | tee "$out/gpu-check.txt"
