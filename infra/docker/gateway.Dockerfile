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
ENTRYPOINT ["dotnet", "Orleans.Rec.Client.Api.dll"]
