using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// The real REST gateway, connected over TCP to a test cluster's silo gateways, with optional extra settings. It
/// accepts one operator key and one shop key; its clients send the operator key unless asked otherwise.
/// </summary>
public sealed class GatewayFactory(
    TestCluster cluster,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Orleans.Rec.Api.GatewayAssembly>
{
    public const string OperatorKey = "test-operator-key-0123456789";
    public const string ShopKey = "test-shop-key-0123456789";

    /// <summary>A client that sends <paramref name="apiKey"/> as <c>X-Api-Key</c>, or no key when null.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(Orleans.Rec.Api.Infrastructure.Auth.RecRoles.ApiKeyHeader);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(Orleans.Rec.Api.Infrastructure.Auth.RecRoles.ApiKeyHeader, apiKey);
        }

        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(Orleans.Rec.Api.Infrastructure.Auth.RecRoles.ApiKeyHeader, OperatorKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }

        builder.UseSetting("Rec:Auth:OperatorKeys:0", OperatorKey);
        builder.UseSetting("Rec:Auth:ShopKeys:0", ShopKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Rec:Cluster:ServiceId", cluster.Options.ServiceId);
        builder.UseSetting("Rec:Cluster:ClusterId", cluster.Options.ClusterId);
        var i = 0;
        foreach (var silo in cluster.Silos)
        {
            builder.UseSetting($"Rec:Cluster:Gateways:{i++}", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{silo.GatewayAddress.Endpoint.Port}"));
        }
    }
}
