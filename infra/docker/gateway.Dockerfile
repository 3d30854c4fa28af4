# Orleans.Rec REST gateway (Client.Api): an Orleans client, no model code.
#   docker build -f infra/docker/gateway.Dockerfile -t orleans-rec/gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Client.Api/Client.Api.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
USER app
# Docker's health: /health/ready answers 200 once the gateway reaches an active silo (bash, no curl, in the image).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=6 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Orleans.Rec.Client.Api.dll"]
