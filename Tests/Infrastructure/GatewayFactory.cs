using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The real REST gateway, connected over TCP to a test cluster's silo gateways, with optional extra settings.</summary>
public sealed class GatewayFactory(TestCluster cluster, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Orleans.Rec.Api.Infrastructure.ApiOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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
