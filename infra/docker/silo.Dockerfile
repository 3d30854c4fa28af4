# Orleans.Rec silo, CPU inference. Build from the repository root:
#   docker build -f infra/docker/silo.Dockerfile -t orleans-rec/silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -o /app --nologo \
    && rm -f /app/libonnxruntime_providers_cuda.so /app/libonnxruntime_providers_tensorrt.so \
             /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so /app/runtimes/linux-x64/native/libonnxruntime_providers_tensorrt.so

# The silo is an ASP.NET Core host (/metrics, /dashboard/): it needs the ASP.NET Core runtime.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
ENV Rec__DataDir=/data \
    Rec__Silo__HttpUrl=http://0.0.0.0:8081
RUN mkdir -p /data && chown app:app /data
VOLUME /data
# 11111: silo-to-silo, 30000: client gateway, 8081: /metrics and the Orleans Dashboard (/dashboard/)
EXPOSE 11111 30000 8081
USER app
# Docker's health: the client gateway port accepts connections once the silo is active (the image has bash, no curl).
# Container Apps ignores HEALTHCHECK and uses the app's probes (infra/modules/apps.bicep).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/30000"]
ENTRYPOINT ["dotnet", "Orleans.Rec.Silo.dll"]
