#!/usr/bin/env bash
# Runs Orleans.Rec on the Cluster profile on this machine, all on loopback: Azurite (membership table, grain state,
# artifacts), librdkafka's mock Kafka cluster (user events), three silo processes and the REST gateway.
# Prints one line per process it started, then "ready"; Ctrl-C / SIGTERM stops everything.
#
#   infra/local-cluster.sh            start the cluster (foreground)
#   infra/local-cluster.sh add-silo   start one more silo against the running cluster (prints its pid line; one
#                                     add-silo at a time: it numbers the silo, and picks its ports, from those started)
#
# Settings from the environment:
#   Rec__DataDir      data folder (default ./.rec-cluster): Azurite's files, per-silo folders, logs/
#   ASPNETCORE_URLS   where the gateway listens (default http://127.0.0.1:5080)
#   Rec__Cluster__SiloPort / Rec__Cluster__GatewayPort   ports of silo-1; silo-N uses them + N-1 (default 11111 / 30000)
#   REC_SILO_HTTP_PORT /metrics and /dashboard/ of silo-1 (default 5081; 5081-5083 for three silos: the targets of
#                     infra/prometheus/prometheus.yml); silo-N uses it + N-1
#   AZURITE_PORT      first of Azurite's three ports: blob, queue, table (default 10000)
#   REC_KAFKA_PARTITIONS partitions of the mock cluster's user_history topic (default 8)
#   REC_CONFIGURATION build configuration (default Release); REC_NO_BUILD=1 skips the build
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

config="${REC_CONFIGURATION:-Release}"
data="$(realpath -m "${Rec__DataDir:-./.rec-cluster}")"
url="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
silo_port="${Rec__Cluster__SiloPort:-11111}"
gateway_port="${Rec__Cluster__GatewayPort:-30000}"
silo_http_port="${REC_SILO_HTTP_PORT:-5081}"
kafka_partitions="${REC_KAFKA_PARTITIONS:-8}"
state="$data/cluster.env"
pids="$data/pids"
logs="$data/logs"
silo_dll="$root/Silo/bin/$config/net10.0/Orleans.Rec.Silo.dll"

wait_port() { # port pid what
  for _ in $(seq 1 240); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then echo "local-cluster.sh: $3 exited (see $logs)" >&2; return 1; fi
    sleep 0.25
  done
  echo "local-cluster.sh: $3 did not listen on port $1 within 60 s (see $logs)" >&2
  return 1
}

# Starts silo number $1 in the background with the cluster's settings; prints its pid line.
start_silo() {
  local n=$1
  local port=$((silo_port + n - 1)) gport=$((gateway_port + n - 1)) hport=$((silo_http_port + n - 1))
  mkdir -p "$data/silo-$n"
  # Each silo its own HTTP port (/metrics, /dashboard/): on one shared port every silo after the first fails to bind.
  Rec__DataDir="$data/silo-$n" Rec__Cluster__SiloPort=$port Rec__Cluster__GatewayPort=$gport Rec__Silo__HttpUrl="http://127.0.0.1:$hport" \
    setsid dotnet "$silo_dll" >"$logs/silo-$n.log" 2>&1 </dev/null &
  local pid=$!
  echo "silo-$n $pid" >>"$pids"
  echo "silo-$n pid=$pid http=http://127.0.0.1:$hport"
  wait_port "$gport" "$pid" "silo-$n"
}

if [[ "${1:-}" == "add-silo" ]]; then
  [[ -f "$state" ]] || { echo "local-cluster.sh: no running cluster under $data (start infra/local-cluster.sh first)" >&2; exit 1; }
  set -a; source "$state"; set +a
  n=$(( $(grep -c '^silo-' "$pids" || true) + 1 ))
  start_silo "$n"
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "usage: infra/local-cluster.sh [add-silo]" >&2
  exit 2
fi

if [[ "${REC_NO_BUILD:-0}" != "1" ]]; then
  echo "local-cluster.sh: building ($config)..."
  for project in Silo/Silo.csproj Client.Api/Client.Api.csproj Tools/Tools.csproj; do
    dotnet build "$project" -c "$config" --nologo -v quiet -clp:ErrorsOnly
  done
fi

azurite="$root/.ci-work/azurite/node_modules/.bin/azurite"
if [[ ! -x "$azurite" ]]; then
  echo "local-cluster.sh: installing Azurite into .ci-work/azurite (once)..."
  npm install --no-save --no-audit --no-fund --prefix "$root/.ci-work/azurite" azurite@3.37.0 >/dev/null
fi

# Every process runs in its own session (setsid): Ctrl-C reaches only this script, which stops them in order
# (gateway, silos, then Kafka and Azurite, which the silos still write to while they shut down).
mkdir -p "$data/azurite" "$logs"
: >"$pids"

# Alive and not a zombie waiting to be reaped.
running() { [[ -r "/proc/$1/stat" ]] && [[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

stop() {
  trap - INT TERM EXIT
  echo "local-cluster.sh: stopping..."
  # Gateway first, then silos (they leave the membership table and write their state), then Kafka and Azurite.
  local order=(gateway silo- kafka azurite) list=()
  for name in "${order[@]}"; do
    while read -r what pid; do
      if [[ "$what" == "$name"* ]]; then list+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
    done <"$pids"
    # Azurite sometimes ignores SIGTERM: it gets 5 s, the others 30 s.
    local tries=120; [[ "$name" == azurite ]] && tries=20
    for pid in "${list[@]}"; do
      for _ in $(seq 1 "$tries"); do running "$pid" || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
    list=()
  done
  rm -f "$state"
  echo "local-cluster.sh: stopped"
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

azurite_port="${AZURITE_PORT:-10000}"
setsid "$azurite" --blobHost 127.0.0.1 --blobPort "$azurite_port" --queueHost 127.0.0.1 --queuePort $((azurite_port + 1)) \
  --tableHost 127.0.0.1 --tablePort $((azurite_port + 2)) --location "$data/azurite" --skipApiVersionCheck --loose \
  >"$logs/azurite.log" 2>&1 &
azurite_pid=$!
echo "azurite $azurite_pid" >>"$pids"
echo "azurite pid=$azurite_pid"
wait_port $((azurite_port + 2)) "$azurite_pid" azurite

setsid dotnet "$root/Tools/bin/$config/net10.0/rec.dll" kafka-mock --topic "user_history:$kafka_partitions" --topic user_history.dlq:1 \
  --topic recommendations:4 --topic alerts:1 >"$logs/kafka.log" 2>&1 </dev/null &
kafka_pid=$!
echo "kafka $kafka_pid" >>"$pids"
bootstrap=""
for _ in $(seq 1 240); do
  bootstrap=$(sed -n 's/^bootstrap\.servers=//p' "$logs/kafka.log" | head -n 1)
  [[ -n "$bootstrap" ]] && grep -q '^Running' "$logs/kafka.log" && break
  kill -0 "$kafka_pid" 2>/dev/null || { echo "local-cluster.sh: the Kafka mock exited (see $logs/kafka.log)" >&2; exit 1; }
  sleep 0.25
done
echo "kafka pid=$kafka_pid bootstrap.servers=$bootstrap"

# One artifact key-encryption key for the whole cluster, kept with the data so artifacts stay readable across runs.
kek_file="$data/kek"
[[ -f "$kek_file" ]] || (umask 077 && openssl rand -base64 32 >"$kek_file")
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((azurite_port + 2))/devstoreaccount1;"
(umask 077 && cat >"$state" <<STATE
Rec__Profile=Cluster
Rec__Cluster__ClusterId=local-cluster
Rec__Cluster__AdvertisedIPAddress=127.0.0.1
Rec__Azure__ConnectionString='$connection'
Rec__Artifacts__Store=AzureBlob
Rec__Artifacts__AzureBlob__ConnectionString='$connection'
Rec__Artifacts__Keys__LocalKeyFile=false
Rec__Artifacts__Keys__Kek__local=$(cat "$kek_file")
Rec__Streaming__Provider=Kafka
Rec__Kafka__BootstrapServers=$bootstrap
STATE
)
set -a; source "$state"; set +a

for n in 1 2 3; do
  start_silo "$n"
done

mkdir -p "$data/gateway"
Rec__DataDir="$data/gateway" ASPNETCORE_URLS="$url" setsid dotnet "$root/Client.Api/bin/$config/net10.0/Orleans.Rec.Client.Api.dll" >"$logs/gateway.log" 2>&1 &
gateway_pid=$!
echo "gateway $gateway_pid" >>"$pids"
echo "gateway pid=$gateway_pid url=$url"
for _ in $(seq 1 240); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "${url%%;*}/health/ready" || true)" == "200" ]] && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "local-cluster.sh: the gateway exited (see $logs/gateway.log)" >&2; exit 1; }
  sleep 0.25
done
echo "ready"

# Until Ctrl-C / SIGTERM, or until the gateway exits. Silos may die and join (add-silo): the cluster outlives any one.
set +e
wait "$gateway_pid"
