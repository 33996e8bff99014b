#!/usr/bin/env bash
# Every benchmark of docs/performance.md in one sitting: each pair (Dcgan.Net, then its Python reference) runs
# ROUNDS times, alternating, so both sides see the same machine; prints every raw value and then the medians.
#   bash tools/run_benchmarks.sh [ROUNDS]      (default 3; about 5 minutes a round on 2 cores)
# Needs Debian's python3-torch, python3-torchvision, python3-scipy, python3-numpy, python3-pil,
# libopenblas0-pthread and dataset-fashion-mnist (apt-get install ...). The reference side runs on
# /usr/bin/python3 with 2 threads. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are dropped for the numpy/scipy
# commands alone (they force a slower OpenBLAS kernel on this CPU); tools/bench_openblas_gemm.py does the same.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
py=/usr/bin/python3
data=/usr/share/datasets/fashion-mnist
work=${BENCH_WORK:-/tmp/dcgan-bench}
mkdir -p "$work"
log="$work/raw.tsv"
: > "$log"

dotnet build benchmarks/Dcgan.Net.Benchmarks -c Release -v q > /dev/null
dotnet build samples/FidScore -c Release -v q > /dev/null
bench() { dotnet run -c Release --no-build --project benchmarks/Dcgan.Net.Benchmarks -- "$@"; }
blas() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$@"; }
# last value of "key X" in the output
value() { grep -oE "$1 [0-9.e+-]+" | tail -1 | awk '{print $2}'; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" | tee -a "$log"; }
seconds() { local s=$EPOCHREALTIME; "$@" > /dev/null 2>&1 || return 1; awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $s }"; }

# inputs written once (seeded): 10,000 32x32 PNGs, 1,000 500x375 JPEGs, two FID folders of 200 PNGs
[ -d "$work/png" ] || bench pngdecode --count 10000 --size 32 --write "$work/png" > /dev/null
[ -d "$work/jpeg" ] || "$py" tools/bench_pil_jpeg.py --dir "$work/jpeg" --count 1000 --repeat 1 > /dev/null
[ -d "$work/fid" ] || "$py" tools/bench_fid_cli.py --images 200 --size 32 --dims 2048 --out "$work/fid" > /dev/null 2>&1
fidscore="samples/FidScore/bin/Release/net10.0/FidScore.dll"

for r in $(seq "$rounds"); do
  echo "== round $r"
  record step16 ours "$(bench step --latent 16 --hidden 16 --batch 64 --steps 300 | value ms_per_step)"
  record step16 torch "$("$py" ../shared/reference/torch_dcgan.py "$data" 300 16 16 64 | value ms_per_step)"
  record step100 ours "$(bench step --latent 100 --hidden 100 --batch 64 --steps 100 | value ms_per_step)"
  record step100 torch "$("$py" ../shared/reference/torch_dcgan.py "$data" 100 100 100 64 | value ms_per_step)"
  record gemm2048 ours "$(bench gemm --size 2048 | value gflops)"
  record gemm2048 openblas "$(blas tools/bench_openblas_gemm.py --size 2048 --threads 2 | value gflops)"
  record inception ours "$(bench inception --images 200 | value images_per_s)"
  record inception torch "$("$py" tools/bench_torch_inception.py --images 200 | value images_per_s)"
  record frechet ours "$(bench frechet --dims 2048 | value seconds)"
  scipy=$(blas tools/bench_scipy_fid.py --dims 2048 --n 10000 --runs 3)
  record frechet scipy-sqrtm "$(echo "$scipy" | grep sqrtm | value seconds)"
  record frechet scipy-eigh "$(echo "$scipy" | grep eigh | value seconds)"
  record covariance ours "$(bench covariance --n 10000 --dims 2048 | value seconds)"
  record covariance numpy "$(echo "$scipy" | grep covariance | value seconds)"
  record png ours "$(bench pngdecode --folder "$work/png" --repeat 5 | value images_per_s)"
  record png pil "$("$py" tools/bench_pil_png.py "$work/png" | value images_per_s)"
  record jpeg ours "$(bench jpegdecode --dir "$work/jpeg" --count 1000 --repeat 5 | value images_per_s)"
  record jpeg pil "$("$py" tools/bench_pil_jpeg.py --dir "$work/jpeg" --count 1000 --repeat 5 | value images_per_s)"
  record loading ours "$(bench imageset --folder "$work/png" --batch 50 --repeat 5 | value images_per_s)"
  record loading pytorch-fid "$("$py" tools/bench_pytorch_fid_loading.py "$work/png" | value images_per_s)"
  record fidcli ours "$(seconds dotnet "$fidscore" "$work/fid/real" "$work/fid/fake" --weights "$work/fid/inception.safetensors" --method pytorch-fid)"
  record fidcli torch "$(seconds "$py" tools/bench_fid_cli.py --images 200 --size 32 --dims 2048 --out "$work/fid")"
done

echo "== medians over $rounds rounds (raw values in $log)"
"$py" - "$log" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, side, v = line.rstrip("\n").split("\t")
    if v:
        runs[(name, side)].append(float(v))
for (name, side), vs in runs.items():
    print(f"{name:11s} {side:12s} median {statistics.median(vs):10.4g}   runs {' '.join(f'{v:g}' for v in vs)}")
EOF
