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
VOLUME /data
# 11111: silo-to-silo, 30000: client gateway, 8081: /metrics and the Orleans Dashboard (/dashboard/)
EXPOSE 11111 30000 8081
USER app
ENTRYPOINT ["dotnet", "Orleans.Rec.Silo.dll"]
