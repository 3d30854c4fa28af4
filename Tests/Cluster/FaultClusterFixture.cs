using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// The cluster <c>infra/local-cluster.sh</c> brings up, shared by the fault scenarios: Azurite (membership table, grain
/// state, artifacts), librdkafka's mock Kafka cluster as a process (<c>user-events</c>, eight partitions), three silo
/// processes and the gateway process, all on loopback, exactly as anyone would start it; more silos come from
/// <c>local-cluster.sh add-silo</c>. The test process adds an Orleans client for the management grain. Every scenario
/// leaves three live silos behind, whatever it did to them.
/// </summary>
public sealed partial class FaultClusterFixture : IAsyncLifetime
{
    /// <summary>
    /// Partitions of user-events. Orleans' queue balancer gives each silo the partitions in its share of the hash ring;
    /// with 8 over 3 silos a silo was seen with none; with 24 that is very unlikely ((2/3)^24 for a third of the ring).
    /// </summary>
    public const int Partitions = 24;
    public const int Silos = 3;
    public const string Model = "fault-model";
    public const string Topic = KafkaSettings.DefaultUserHistoryTopic;
    public const string Group = "orleans-rec";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _work = new("rec-faults");
    private readonly List<SiloProcess> _silos = [];
    // Silo N listens on base + N - 1 of each range, and the scenarios start up to a dozen silos one after another: one
    // block of free ports (Azurite's three, then 16 per range) keeps the ranges from running into each other or into
    // ports the kernel hands out meanwhile.
    private static readonly int PortBlock = FreePort.Block(3 + (3 * 16));
    private readonly int _azuritePort = PortBlock;
    private readonly int _siloPort = PortBlock + 3;
    private readonly int _gatewayPort = PortBlock + 3 + 16;
    private readonly int _httpPort = PortBlock + 3 + 32;
    private ChildProcess? _script;
    private ChildProcess? _azurite;
    private int _azuritePid;
    private IHost? _client;

    public KafkaTestClient KafkaClient { get; private set; } = null!;

    public string[] Items { get; } = TinyModel.ItemsFor("fi");

    /// <summary>The operator's client of the gateway process.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string GatewayUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public IReadOnlyList<SiloProcess> LiveSilos => _silos.Where(s => !s.HasExited).ToList();

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Not started.");

    private string DataDir => Path.Combine(_work.Path, "cluster");

    private string ConnectionString => Azurite.ConnectionString(_azuritePort, _azuritePort + 2);

    public async Task InitializeAsync()
    {
        if (Azurite.MissingReason is not null)
        {
            return;
        }

        Http = NewHttpClient();
        await StartScriptAsync();
        await DeployWhenSettledAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await StopScriptAsync();
        _work.Dispose();
    }

    /// <summary>
    /// Stops the whole cluster as an operator would (Ctrl-C on <c>infra/local-cluster.sh</c>: gateway, silos, then Kafka
    /// and Azurite) and starts it again on the same data folder. Azurite's files (membership, grain state, artifacts)
    /// survive; the Kafka mock starts empty, as a fresh broker would, on new ports.
    /// </summary>
    public async Task StopAndStartWholeClusterAsync()
    {
        await StopScriptAsync();
        await StartScriptAsync();
    }

    /// <summary>Starts <c>infra/local-cluster.sh</c>, reads the pid lines it prints and connects the test's Orleans client.</summary>
    private async Task StartScriptAsync()
    {
        var script = ChildProcess.Start("bash", [Path.Combine(Repository.Root, "infra", "local-cluster.sh")], ScriptEnvironment());
        _script = script;
        var output = await Eventually.GetAsync(() => Task.FromResult(script.Output), o => ReadyLine().IsMatch(o) || script.HasExited, StartTimeout);
        Assert.True(ReadyLine().IsMatch(output), $"infra/local-cluster.sh did not print ready:\n{output}\n{Outputs()}");
        var started = SiloLine().Matches(output).Select(AddSilo).ToArray();
        Assert.Equal(Silos, started.Length);
        Assert.Matches($"gateway pid=[0-9]+ url={Regex.Escape(GatewayUrl)}", output);
        _azuritePid = int.Parse(AzuriteLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        KafkaClient = new KafkaTestClient(KafkaLine().Match(output).Groups[1].Value);
        await ConnectClientAsync();
        await WaitForSilosAsync(Silos);
    }

    /// <summary>The script stops everything it started (and every silo add-silo started) in order; the test's client goes first.</summary>
    private async Task StopScriptAsync()
    {
        KafkaClient?.Dispose();
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
            _client.Dispose();
            _client = null;
        }

        if (_script is not null)
        {
            _script.Terminate();
            var code = await _script.WaitAsync(TimeSpan.FromSeconds(180));
            Assert.True(code is not null, $"infra/local-cluster.sh did not stop on SIGTERM:\n{_script.Output}");
            _script.Dispose();
            _script = null;
        }

        // Azurite as the storage-outage scenario restarted it (the script's own was stopped then).
        if (_azurite is not null)
        {
            _azurite.Terminate();
            await _azurite.WaitAsync(TimeSpan.FromSeconds(5));
            _azurite.Dispose();
            _azurite = null;
        }
    }

    public HttpClient NewHttpClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(GatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, GatewayFactory.OperatorKey);
        return http;
    }

    /// <summary>One more silo through <c>infra/local-cluster.sh add-silo</c> (it returns once the silo listens).</summary>
    public async Task<SiloProcess> AddSiloAsync()
    {
        var output = await ChildProcess.RunAsync("bash", [Path.Combine(Repository.Root, "infra", "local-cluster.sh"), "add-silo"], StartTimeout, ScriptEnvironment());
        var line = SiloLine().Match(output);
        Assert.True(line.Success, $"add-silo printed no pid line:\n{output}");
        return AddSilo(line);
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are active in the membership, every running silo among them.</summary>
    public async Task<Dictionary<SiloAddress, SiloStatus>> WaitForSilosAsync(int count)
    {
        var hosts = await Eventually.GetAsync(ActiveHostsOrEmptyAsync, h => h.Count == count && LiveSilos.All(s => h.Keys.Any(s.IsAddress)), StartTimeout);
        Assert.True(hosts.Count == count && LiveSilos.All(s => hosts.Keys.Any(s.IsAddress)), $"expected {count} active silos, found {hosts.Count}:\n{Outputs()}");
        return hosts;
    }

    /// <summary>Stops every silo (SIGTERM, as a platform restart would) and starts <see cref="Silos"/> fresh ones with add-silo.</summary>
    public async Task RestartAllSilosAsync()
    {
        var running = LiveSilos;
        foreach (var silo in running)
        {
            silo.Terminate();
        }

        foreach (var silo in running)
        {
            Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"{silo.Name} did not stop on SIGTERM:\n{silo.Output}");
        }

        // One at a time: add-silo numbers the new silo (and picks its ports) from the silos started so far.
        for (var i = 0; i < Silos; i++)
        {
            await AddSiloAsync();
        }

        await WaitForSilosAsync(Silos);
    }

    /// <summary>Stops Azurite (SIGTERM, then SIGKILL after 5 s; its data folder stays).</summary>
    public async Task StopAzuriteAsync()
    {
        if (_azurite is not null)
        {
            _azurite.Terminate();
            await _azurite.WaitAsync(TimeSpan.FromSeconds(5));
            _azurite.Dispose();
            _azurite = null;
            return;
        }

        var azurite = new SiloProcess(0, _azuritePid, 0, 0, string.Empty);
        azurite.Terminate();
        if (!await azurite.WaitForExitAsync(TimeSpan.FromSeconds(5)))
        {
            azurite.Kill();
            await azurite.WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Starts Azurite again on the cluster's ports over its data folder.</summary>
    public async Task StartAzuriteAsync() =>
        _azurite = await Azurite.StartAllAsync(Path.Combine(DataDir, "azurite"), _azuritePort, _azuritePort + 1, _azuritePort + 2);

    /// <summary>Partitions read per active silo (the stream provider's running agents), in no particular order.</summary>
    public async Task<int[]> PartitionsPerSiloAsync()
    {
        try
        {
            var answers = await Client.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<PersistentStreamProvider>(
                RecNames.EventStreamProvider, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
            return answers.Select(a => a is int n ? n : 0).ToArray();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ArgumentException)
        {
            // A silo that is still starting answers "PullingAgentManager is not initialized yet" (ArgumentException).
            return [];
        }
    }

    /// <summary>User profile activations on the given silo.</summary>
    public async Task<int> ProfileActivationsOnAsync(SiloProcess silo)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => silo.IsAddress(s.SiloAddress) && s.GrainType.Contains("UserProfileGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public Task<HttpStatusCode?> StatusOfAsync(string path) => Http.StatusOfAsync(path);

    /// <summary>The end of the script's and every process's output, for failure messages.</summary>
    public string Outputs() =>
        $"--- local-cluster.sh:\n{Tail(_script?.Output)}\n--- gateway:\n{Tail(ReadLog("gateway.log"))}\n"
        + string.Join("\n", _silos.Select(s => $"--- {s.Name}{(s.HasExited ? " (exited)" : "")}:\n{Tail(s.Output)}"));

    private static string Tail(string? output) => output is { Length: > 6000 } ? "..." + output[^6000..] : output ?? "";

    private string ReadLog(string name)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(DataDir, "logs", name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private SiloProcess AddSilo(Match line)
    {
        var number = int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        var silo = new SiloProcess(
            number,
            int.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture),
            _siloPort + number - 1,
            _gatewayPort + number - 1,
            Path.Combine(DataDir, "logs", $"silo-{number}.log"));
        _silos.Add(silo);
        return silo;
    }

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
                o.ClusterId = "local-cluster";
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

    /// <summary>
    /// What the script reads (data folder, ports, no build) and what it passes on to every process it starts: quick
    /// failure detection, frequent checkpoints, API keys.
    /// </summary>
    private Dictionary<string, string> ScriptEnvironment() => new()
    {
        ["Rec__DataDir"] = DataDir,
        ["ASPNETCORE_URLS"] = GatewayUrl,
        ["Rec__Cluster__SiloPort"] = _siloPort.ToString(CultureInfo.InvariantCulture),
        ["Rec__Cluster__GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["REC_SILO_HTTP_PORT"] = _httpPort.ToString(CultureInfo.InvariantCulture),
        ["REC_KAFKA_PARTITIONS"] = Partitions.ToString(CultureInfo.InvariantCulture),
        ["AZURITE_PORT"] = _azuritePort.ToString(CultureInfo.InvariantCulture),
        ["REC_NO_BUILD"] = "1",
        ["REC_CONFIGURATION"] = Repository.Configuration,
        ["Rec__Auth__OperatorKeys__0"] = GatewayFactory.OperatorKey,
        ["Rec__Auth__ShopKeys__0"] = GatewayFactory.ShopKey,
        // A dead silo is declared dead in a few seconds (Orleans' defaults take 15-20 s); not so short that a busy
        // 2-core machine suspects live silos. The gateway finds restarted silos within a second.
        ["Rec__Cluster__Membership__ProbeTimeout"] = "00:00:02",
        ["Rec__Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Rec__Cluster__GatewayListRefreshPeriod"] = "00:00:01",
        ["Rec__Kafka__CommitInterval"] = "00:00:01",
        // Profiles persist at checkpoints (and deactivation) only: what a checkpoint did not save, a kill loses.
        ["Rec__Profiles__WriteBehind"] = "01:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Orleans"] = "Warning",
        ["Logging__LogLevel__Orleans.Rec"] = "Warning",
        ["Logging__LogLevel__Orleans.Runtime.Silo"] = "Warning",
        ["Logging__LogLevel__Microsoft"] = "Warning",
        // Which silo reads which partition shows in each silo's log (event 3010).
        ["Logging__LogLevel__Orleans.Rec.Streaming.Kafka"] = "Information",
    };

    [GeneratedRegex(@"^ready$", RegexOptions.Multiline)]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^silo-([0-9]+) pid=([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex SiloLine();

    [GeneratedRegex(@"^azurite pid=([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex AzuriteLine();

    [GeneratedRegex(@"^kafka pid=[0-9]+ bootstrap\.servers=(\S+)", RegexOptions.Multiline)]
    private static partial Regex KafkaLine();
}
