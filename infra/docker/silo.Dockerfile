# Orleans.Rec silo, CPU inference. Build from the repository root:
#   docker build -f infra/docker/silo.Dockerfile -t orleans-rec/silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -o /app --nologo \
    && rm -f /app/libonnxruntime_providers_cuda.so /app/libonnxruntime_providers_tensorrt.so \
             /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so /app/runtimes/linux-x64/native/libonnxruntime_providers_tensorrt.so

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /app .
ENV Rec__DataDir=/data
VOLUME /data
# 11111: silo-to-silo, 30000: client gateway
EXPOSE 11111 30000
USER app
ENTRYPOINT ["dotnet", "Orleans.Rec.Silo.dll"]
