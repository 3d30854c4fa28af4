using System.Globalization;
using System.Net;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.EndToEnd;

/// <summary>
/// The silo's own telemetry listener (<c>Rec:Silo:HttpUrl</c>: <c>/metrics</c> and the Orleans Dashboard, which shows
/// grain state), as a real silo process without the REST API (the cluster profile's silo): open on a loopback address
/// only; on any other address behind the operator key, and a silo with no operator key to check does not start.
/// </summary>
public sealed class SiloTelemetryTests : IDisposable
{
    private const string OperatorKey = "telemetry-operator-key-0123456789";

    private readonly TempDirectory _data = new("rec-telemetry");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TelemetryListener_OnLoopback_IsOpen()
    {
        var port = FreePort.Next();
        using var silo = await StartAsync($"http://127.0.0.1:{port}", operatorKey: null, port);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(port, "/metrics", key: null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(port, "/dashboard/", key: null));
    }

    [Fact]
    public async Task TelemetryListener_OnAllInterfaces_NeedsTheOperatorKey()
    {
        var port = FreePort.Next();
        using var silo = await StartAsync($"http://0.0.0.0:{port}", OperatorKey, port);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(port, "/metrics", key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(port, "/dashboard/", key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(port, "/metrics", key: "not-the-operator-key-0123"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(port, "/metrics", OperatorKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(port, "/dashboard/", OperatorKey));
    }

    [Fact]
    public async Task TelemetryListener_OnAllInterfacesWithoutAnOperatorKey_FailsTheStartNamingTheKey()
    {
        var port = FreePort.Next();
        using var process = Start($"http://0.0.0.0:{port}", operatorKey: null);

        var exit = await process.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(exit);
        Assert.NotEqual(0, exit);
        Assert.Contains($"Rec:Auth:OperatorKeys (or Rec:Auth:Jwt:Authority) is required: Rec:Silo:HttpUrl 'http://0.0.0.0:{port}' is not a loopback address", process.Output, StringComparison.Ordinal);
    }

    private async Task<ChildProcess> StartAsync(string url, string? operatorKey, int port)
    {
        var process = Start(url, operatorKey);
        var up = await Eventually.GetAsync(() => StatusAsync(port, "/metrics", operatorKey), s => s == HttpStatusCode.OK || process.HasExited, TimeSpan.FromSeconds(60));
        if (up != HttpStatusCode.OK)
        {
            process.Kill();
            Assert.Fail($"the silo did not serve /metrics ({up}):\n{process.Output}");
        }

        return process;
    }

    private ChildProcess Start(string url, string? operatorKey)
    {
        var environment = new Dictionary<string, string>
        {
            ["Rec__DataDir"] = _data.Path,
            ["Rec__Silo__ServeApi"] = "false",
            ["Rec__Silo__HttpUrl"] = url,
            ["Rec__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Auth__GenerateKeys"] = "false",
        };
        if (operatorKey is not null)
        {
            environment["Rec__Auth__OperatorKeys__0"] = operatorKey;
        }

        return ChildProcess.Start("dotnet", [Path.Combine(Repository.Root, "Silo", "bin", Repository.Configuration, "net10.0", "Orleans.Rec.Silo.dll")], environment);
    }

    private static async Task<HttpStatusCode?> StatusAsync(int port, string path, string? key)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(RecRoles.ApiKeyHeader, key);
        }

        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
