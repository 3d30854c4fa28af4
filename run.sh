#!/usr/bin/env bash
# Runs Orleans.Rec on the local profile, in the foreground. Ctrl-C / SIGTERM stops it.
# Default: ONE process, the silo with the REST API in it (one HTTP hop; grain calls stay in the process).
# REC_SHAPE=gateway: the cluster profile's shape on one machine, a silo plus the separate REST gateway (Client.Api).
# Settings come from the environment:
#   Rec__DataDir      data folder (default ./.rec-data): grain state, artifacts
#   ASPNETCORE_URLS   where the REST API listens (default http://127.0.0.1:5080)
#   Rec__Silo__HttpUrl where the silo serves /metrics and /dashboard/ without a key (default http://127.0.0.1:5081)
#   OTEL_EXPORTER_OTLP_ENDPOINT  also export metrics and traces over OTLP
#   Rec__Cluster__SiloPort / Rec__Cluster__GatewayPort   silo ports (default 11111 / 30000)
#   REC_CONFIGURATION build configuration (default Release); REC_NO_BUILD=1 skips the build
set -euo pipefail
cd "$(dirname "$0")"

config="${REC_CONFIGURATION:-Release}"
shape="${REC_SHAPE:-cohosted}"
export Rec__DataDir="$(realpath -m "${Rec__DataDir:-./.rec-data}")"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
gateway_port="${Rec__Cluster__GatewayPort:-30000}"
case "$shape" in
  cohosted) export Rec__Silo__ServeApi=true ;;
  gateway) export Rec__Silo__ServeApi=false ;;
  *) echo "run.sh: REC_SHAPE is '$shape'; expected cohosted or gateway" >&2; exit 2 ;;
esac
mkdir -p "$Rec__DataDir"

if [[ "${REC_NO_BUILD:-0}" != "1" ]]; then
  echo "run.sh: building ($config)..."
  dotnet build Silo/Silo.csproj -c "$config" --nologo -v quiet -clp:ErrorsOnly
  if [[ "$shape" == gateway ]]; then
    dotnet build Client.Api/Client.Api.csproj -c "$config" --nologo -v quiet -clp:ErrorsOnly
  fi
fi

silo_pid=""
api_pid=""
stop() {
  trap - INT TERM EXIT
  echo "run.sh: stopping..."
  [[ -n "$api_pid" ]] && kill -TERM "$api_pid" 2>/dev/null || true
  [[ -n "$silo_pid" ]] && kill -TERM "$silo_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "run.sh: stopped"
}
trap stop INT TERM EXIT

echo "run.sh: data folder $Rec__DataDir"
dotnet "Silo/bin/$config/net10.0/Orleans.Rec.Silo.dll" &
silo_pid=$!

if [[ "$shape" == cohosted ]]; then
  echo "run.sh: silo pid=$silo_pid on $ASPNETCORE_URLS (REST API in the silo)"
  set +e
  wait "$silo_pid"
  exit $?
fi

# The gateway retries on its own, but waiting for the silo's gateway port keeps the log readable.
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$gateway_port") 2>/dev/null; then break; fi
  if ! kill -0 "$silo_pid" 2>/dev/null; then echo "run.sh: the silo exited" >&2; exit 1; fi
  sleep 0.5
done

dotnet "Client.Api/bin/$config/net10.0/Orleans.Rec.Client.Api.dll" &
api_pid=$!
echo "run.sh: silo pid=$silo_pid, gateway pid=$api_pid on $ASPNETCORE_URLS"

# Whichever exits first takes the other down.
set +e
wait -n "$silo_pid" "$api_pid"
status=$?
exit "$status"
