# Orleans.Rec silo with the CUDA execution provider. ONNX Runtime 1.31 (Microsoft.ML.OnnxRuntime.Gpu.Linux) needs
# CUDA 13.x and cuDNN 9 user-space libraries and a host driver that supports CUDA 13; the silo falls back to CPU
# (with a warning, visible in GET /v1/models/{m}/versions/{v}/status) when they cannot load.
#   docker build -f infra/docker/silo-gpu.Dockerfile -t orleans-rec/silo-gpu .
#   docker run --gpus all -e Rec__Inference__Device=cuda orleans-rec/silo-gpu
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -r linux-x64 --self-contained -o /app --nologo \
    && rm -f /app/libonnxruntime_providers_tensorrt.so

FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04 AS final
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libicu74 libssl3t64 zlib1g \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV Rec__DataDir=/data \
    Rec__Silo__HttpUrl=http://0.0.0.0:8081 \
    Rec__Inference__Device=cuda \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
# Not root: the Ubuntu image's own unprivileged user.
RUN mkdir -p /data && chown ubuntu:ubuntu /data
VOLUME /data
# 11111: silo-to-silo, 30000: client gateway, 8081: /metrics and the Orleans Dashboard (/dashboard/)
EXPOSE 11111 30000 8081
USER ubuntu
# Docker's health: the client gateway port accepts connections once the silo is active (the image has bash, no curl).
# Container Apps ignores HEALTHCHECK and uses the app's probes (infra/modules/apps.bicep).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/30000"]
ENTRYPOINT ["/app/Orleans.Rec.Silo"]
