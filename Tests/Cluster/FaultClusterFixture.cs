using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// One Cluster-profile deployment of real processes shared by the fault scenarios: Azurite (membership table, grain
/// state, artifacts), librdkafka's mock Kafka cluster (user events, six partitions), three silo processes and the
/// gateway process, all on loopback, plus an Orleans client in the test process for the management grain. Every
/// scenario leaves three live silos behind, whatever it did to them.
/// </summary>
public sealed class FaultClusterFixture : IAsyncLifetime
{
    public const int Partitions = 6;
    public const int Silos = 3;
    public const string Model = "fault-model";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _work = new("rec-faults");
    private readonly List<SiloProcess> _silos = [];
    private readonly HashSet<SiloProcess> _killed = [];
    private readonly string _kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly int[] _azuritePorts = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
    private ChildProcess? _azurite;
    private ChildProcess? _gateway;
    private IHost? _client;
    private int _siloCount;

    public KafkaMockCluster Kafka { get; } = new(brokers: 1);

    public KafkaTestClient KafkaClient { get; private set; } = null!;

    public string Topic { get; } = ApiCalls.NewId("fault-events");

    public string Group { get; } = ApiCalls.NewId("fault-group");

    public string[] Items { get; } = TinyModel.ItemsFor("fi");

    /// <summary>The operator's client of the gateway process.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string GatewayUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public IReadOnlyList<SiloProcess> LiveSilos => _silos.Where(s => !s.Process.HasExited).ToList();

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Not started.");

    public ChildProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public string ConnectionString => Azurite.ConnectionString(_azuritePorts[0], _azuritePorts[2]);

    private string ClusterId { get; } = ApiCalls.NewId("faults");

    public async Task InitializeAsync()
    {
        if (Azurite.MissingReason is not null)
        {
            return;
        }

        Kafka.CreateTopic(Topic, Partitions);
        Kafka.CreateTopic(Topic + ".dlq", 1);
        Kafka.CreateTopic("recommendations", 2);
        KafkaClient = new KafkaTestClient(Kafka.BootstrapServers);
        await StartAzuriteAsync();

        for (var i = 0; i < Silos; i++)
        {
            StartSilo();
        }

        _gateway = ChildProcess.Start("dotnet", [BuildOutput("Client.Api", "Orleans.Rec.Client.Api.dll")], new Dictionary<string, string>(SharedEnvironment())
        {
            ["ASPNETCORE_URLS"] = GatewayUrl,
            ["Rec__DataDir"] = Path.Combine(_work.Path, "gateway"),
            ["Rec__Auth__OperatorKeys__0"] = GatewayFactory.OperatorKey,
            ["Rec__Auth__ShopKeys__0"] = GatewayFactory.ShopKey,
            // Find restarted silos quickly (production default 10 s).
            ["Rec__Cluster__GatewayListRefreshPeriod"] = "00:00:01",
        });
        Http = NewHttpClient();
        await ConnectClientAsync();
        await WaitForSilosAsync(Silos);

        var ready = await Eventually.GetAsync(() => StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK || Gateway.HasExited, StartTimeout);
        Assert.True(ready == HttpStatusCode.OK, $"the gateway did not become ready ({ready}):\n{Outputs()}");
        await DeployWhenSettledAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
            _client.Dispose();
        }

        if (_gateway is not null)
        {
            _gateway.Terminate();
            await _gateway.WaitAsync(TimeSpan.FromSeconds(15));
            _gateway.Dispose();
        }

        await StopSilosAsync();
        await StopAzuriteAsync();
        KafkaClient?.Dispose();
        Kafka.Dispose();
        _work.Dispose();
    }

    public HttpClient NewHttpClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(GatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, GatewayFactory.OperatorKey);
        return http;
    }

    /// <summary>Starts one more silo against the cluster (it joins within seconds; see <see cref="WaitForSilosAsync"/>).</summary>
    public SiloProcess StartSilo()
    {
        var number = ++_siloCount;
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var process = ChildProcess.Start("dotnet", [BuildOutput("Silo", "Orleans.Rec.Silo.dll")], new Dictionary<string, string>(SharedEnvironment())
        {
            ["Rec__DataDir"] = Path.Combine(_work.Path, $"silo-{number}"),
            ["Rec__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Rec__Silo__HttpUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            // A dead silo is declared dead in a few seconds (Orleans' defaults take 15-20 s); not so short that a
            // busy 2-core machine suspects live silos.
            ["Rec__Cluster__Membership__ProbeTimeout"] = "00:00:02",
            ["Rec__Cluster__Membership__NumMissedProbesLimit"] = "2",
            // Which silo reads which partition shows in each silo's output (event 3010).
            ["Logging__LogLevel__Orleans.Rec.Streaming.Kafka"] = "Information",
        });
        var silo = new SiloProcess($"silo-{number}", process, siloPort, gatewayPort);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are active in the membership and all processes started run.</summary>
    public async Task<Dictionary<SiloAddress, SiloStatus>> WaitForSilosAsync(int count)
    {
        var hosts = await Eventually.GetAsync(
            ActiveHostsOrEmptyAsync,
            h => h.Count == count && LiveSilos.All(s => h.Keys.Any(s.IsAddress)) || _silos.Any(s => s.Process.HasExited && !_killed.Contains(s)),
            StartTimeout);
        Assert.True(hosts.Count == count && LiveSilos.All(s => hosts.Keys.Any(s.IsAddress)), $"expected {count} active silos, found {hosts.Count}:\n{Outputs()}");
        return hosts;
    }

    /// <summary>Kills a silo with SIGKILL: no graceful shutdown, no membership update, no state written.</summary>
    public void Kill(SiloProcess silo)
    {
        _killed.Add(silo);
        silo.Process.Kill();
    }

    /// <summary>Stops every silo (SIGTERM, as a rolling platform restart would) and starts <see cref="Silos"/> fresh ones.</summary>
    public async Task RestartAllSilosAsync()
    {
        await StopSilosAsync();
        for (var i = 0; i < Silos; i++)
        {
            StartSilo();
        }

        await WaitForSilosAsync(Silos);
    }

    /// <summary>Stops Azurite (SIGTERM; its data folder stays).</summary>
    public async Task StopAzuriteAsync()
    {
        if (_azurite is null)
        {
            return;
        }

        _azurite.Terminate();
        await _azurite.WaitAsync(TimeSpan.FromSeconds(5));
        _azurite.Dispose();
        _azurite = null;
    }

    /// <summary>Starts Azurite on the fixture's ports over its data folder (again, after <see cref="StopAzuriteAsync"/>).</summary>
    public async Task StartAzuriteAsync() =>
        _azurite = await Azurite.StartAllAsync(Path.Combine(_work.Path, "azurite"), _azuritePorts[0], _azuritePorts[1], _azuritePorts[2]);

    /// <summary>Partitions read per active silo (the stream provider's running agents), in no particular order.</summary>
    public async Task<int[]> PartitionsPerSiloAsync()
    {
        try
        {
            var answers = await Client.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<PersistentStreamProvider>(
                RecNames.EventStreamProvider, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
            return answers.Select(a => a is int n ? n : 0).ToArray();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return [];
        }
    }

    /// <summary>User profile activations on the given silo.</summary>
    public async Task<int> ProfileActivationsOnAsync(SiloProcess silo)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => silo.IsAddress(s.SiloAddress) && s.GrainType.Contains("UserProfileGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public async Task<HttpStatusCode?> StatusOfAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The end of every process's output, for failure messages.</summary>
    public string Outputs() =>
        $"--- gateway:\n{Tail(_gateway?.Output)}\n" + string.Join("\n", _silos.Select(s => $"--- {s.Name}{(s.Process.HasExited ? " (exited)" : "")}:\n{Tail(s.Process.Output)}"));

    private static string Tail(string? output) => output is { Length: > 6000 } ? "..." + output[^6000..] : output ?? "";

    private async Task<Dictionary<SiloAddress, SiloStatus>> ActiveHostsOrEmptyAsync()
    {
        try
        {
            return await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            return [];
        }
    }

    private async Task ConnectClientAsync()
    {
        var connection = ConnectionString;
        _client = new HostBuilder().UseOrleansClient(client =>
        {
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connection));
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = "orleans-rec";
                o.ClusterId = ClusterId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                await Task.Delay(250, token);
                return true;
            });
        }).Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _client.StartAsync(timeout.Token);
    }

    private async Task StopSilosAsync()
    {
        var running = _silos.Where(s => !s.Process.HasExited).ToList();
        foreach (var silo in running)
        {
            silo.Process.Terminate();
        }

        foreach (var silo in running)
        {
            var code = await silo.Process.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code is not null, $"{silo.Name} did not stop on SIGTERM:\n{silo.Process.Output}");
        }

        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        _silos.Clear();
        _killed.Clear();
    }

    private async Task DeployWhenSettledAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await Http.DeployTinyModelAsync(Model, Items);
                return;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Settings every process shares: profile, storage account, Kafka, cluster id, one artifact key.</summary>
    private Dictionary<string, string> SharedEnvironment() => new()
    {
        ["Rec__Profile"] = "Cluster",
        ["Rec__Azure__ConnectionString"] = ConnectionString,
        ["Rec__Cluster__ClusterId"] = ClusterId,
        ["Rec__Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["Rec__Artifacts__Store"] = "AzureBlob",
        ["Rec__Artifacts__AzureBlob__ConnectionString"] = ConnectionString,
        ["Rec__Artifacts__Keys__LocalKeyFile"] = "false",
        ["Rec__Artifacts__Keys__Kek__faults-1"] = _kek,
        ["Rec__Streaming__Provider"] = "Kafka",
        ["Rec__Kafka__BootstrapServers"] = Kafka.BootstrapServers,
        ["Rec__Kafka__EventsTopic"] = Topic,
        ["Rec__Kafka__DeadLetterTopic"] = Topic + ".dlq",
        ["Rec__Kafka__ImpressionsTopic"] = "recommendations",
        ["Rec__Kafka__ConsumerGroup"] = Group,
        ["Rec__Kafka__CommitInterval"] = "00:00:01",
        // Profiles persist at checkpoints (and deactivation) only: what a checkpoint did not save, a kill loses.
        ["Rec__Profiles__WriteBehind"] = "01:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Orleans"] = "Warning",
        ["Logging__LogLevel__Orleans.Rec"] = "Warning",
        ["Logging__LogLevel__Orleans.Runtime.Silo"] = "Warning",
        ["Logging__LogLevel__Microsoft"] = "Warning",
    };

    private static string BuildOutput(string project, string dll) => Path.Combine(Repository.Root, project, "bin", Repository.Configuration, "net10.0", dll);
}
