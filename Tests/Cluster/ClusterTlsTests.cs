using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// <c>Rec:Cluster:Tls</c>: two silos and their clients (the test cluster's own and the real gateway) on TLS with a
/// self-signed cluster certificate made here; a client without TLS, or with another certificate, gets nowhere.
/// </summary>
public sealed class ClusterTlsTests(ClusterTlsTests.TlsCluster fixture) : IClassFixture<ClusterTlsTests.TlsCluster>
{
    private const string Password = "cluster-tls-test-password";

    private TestCluster Cluster => fixture.Cluster;

    /// <summary>The two-silo cluster on TLS, shared by the tests of this class.</summary>
    public sealed class TlsCluster : IAsyncLifetime
    {
        private readonly TempDirectory _work = new("rec-tls");

        public TestCluster Cluster { get; private set; } = null!;

        public string Folder => _work.Path;

        public string CertificatePath => Path.Combine(_work.Path, "cluster.pfx");

        public async Task InitializeAsync()
        {
            MakeCertificate("CN=orleans-rec-test-cluster", CertificatePath);
            Cluster = await RecCluster.StartAsync(Path.Combine(_work.Path, "data"), silos: 2, Tls(CertificatePath));
        }

        public async Task DisposeAsync()
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
            _work.Dispose();
        }
    }

    [Fact]
    public async Task TlsCluster_SilosAndClientsTalk()
    {
        var hosts = await Cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var popularity = Cluster.Client.GetGrain<IPopularItemsGrain>(ApiCalls.NewId("tls"));
        await popularity.RecordAsync(new() { ["tls-item"] = 3 });

        Assert.Equal(2, hosts.Count);
        Assert.Equal("tls-item", Assert.Single(await popularity.GetTopAsync(5)).ItemId);
    }

    [Fact]
    public async Task TlsCluster_ServesTheGateway()
    {
        await using var gateway = new GatewayFactory(Cluster, Tls(fixture.CertificatePath));
        using var http = gateway.CreateClient();

        var user = ApiCalls.NewId("tls-user");
        await http.PostEventsAsync(ApiCalls.View(user, "tls-item"));
        var profile = await http.ProfileWithEventsAsync(user, 1);

        Assert.Equal(1, profile.EventCount);
    }

    [Fact]
    public async Task TlsCluster_RefusesAClientWithoutTls()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(new Dictionary<string, string>()));

        Assert.IsType<Orleans.Runtime.Messaging.ConnectionFailedException>(refused);
    }

    [Fact]
    public async Task TlsCluster_RefusesAClientWithAnotherCertificate()
    {
        var other = MakeCertificate("CN=not-the-cluster", Path.Combine(fixture.Folder, "other.pfx"));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(Tls(other)));

        Assert.IsType<Orleans.Runtime.Messaging.ConnectionFailedException>(refused);
    }

    private static Dictionary<string, string> Tls(string certificatePath) => new()
    {
        ["Rec:Cluster:Tls:Enabled"] = "true",
        ["Rec:Cluster:Tls:CertificatePath"] = certificatePath,
        ["Rec:Cluster:Tls:CertificatePassword"] = Password,
    };

    private static string MakeCertificate(string subject, string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>Starts a client of the cluster's first gateway with <paramref name="settings"/> (no retries) and makes one call.</summary>
    private async Task ConnectAsync(Dictionary<string, string> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings!);
        var gateway = new IPEndPoint(IPAddress.Loopback, Cluster.Primary!.GatewayAddress!.Endpoint.Port);
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(o =>
            {
                o.ServiceId = Cluster.Options.ServiceId;
                o.ClusterId = Cluster.Options.ClusterId;
            })
            .UseConnectionRetryFilter((_, _) => Task.FromResult(false))
            .UseRecTls(builder.Configuration));
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(timeout.Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
