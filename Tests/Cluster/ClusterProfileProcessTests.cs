using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// The Cluster profile for real: Azurite (table membership, blob grain state and artifacts), two silo processes on
/// loopback and the gateway as a process. Events travel on the memory stream provider here (Kafka on the Cluster
/// profile is covered by the Kafka tests); the storage path is what this test is about.
/// </summary>
public sealed class ClusterProfileProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [AzuriteFact]
    public async Task ClusterProfile_WhenBothSilosRestart_KeepsProfileAndActiveVersion()
    {
        using var work = new TempDirectory("rec-cluster");
        var (azurite, blobPort, tablePort) = await Azurite.StartAllAsync(Path.Combine(work.Path, "azurite"));
        using var azuriteProcess = azurite;
        var shared = ClusterEnvironment(Azurite.ConnectionString(blobPort, tablePort));
        var silos = StartSilos(shared, work.Path);
        var (gateway, http) = StartGateway(shared, work.Path);
        try
        {
            await WaitReadyAsync(http, gateway, silos);

            var said = await Eventually.GetAsync(() => Task.FromResult(silos[0].Output), o => o.Contains("advertises 127.0.0.1", StringComparison.Ordinal));
            Assert.Contains($"Cluster profile: silo of orleans-rec/{shared["Rec__Cluster__ClusterId"]} advertises 127.0.0.1", said, StringComparison.Ordinal);

            var user = ApiCalls.NewId("cluster-user");
            await RestartKeepsProfileAndVersionAsync(http, gateway, silos, shared, work.Path, "cluster-model", TinyModel.ItemsFor("cl"), user);

            // The profile lives in the blob container as camelCase JSON without CLR type names.
            var state = new BlobServiceClient(shared["Rec__Azure__ConnectionString"]).GetBlobContainerClient("grainstate");
            var names = new List<string>();
            await foreach (var blob in state.GetBlobsAsync())
            {
                names.Add(blob.Name);
            }

            var profileBlob = Assert.Single(names, n => n.Contains(user, StringComparison.Ordinal));
            var json = (await state.GetBlobClient(profileBlob).DownloadContentAsync()).Value.Content.ToString();
            Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
            Assert.Contains("\"eventCount\":2", json, StringComparison.Ordinal);
        }
        finally
        {
            await StopAllAsync(gateway, http, silos, azurite);
        }
    }

    [RedisFact]
    public async Task ClusterProfileOnRedis_WhenBothSilosRestart_KeepsProfileAndActiveVersion()
    {
        using var work = new TempDirectory("rec-cluster-redis");
        var (redis, redisPort) = await RedisServer.StartAsync();
        using var redisProcess = redis;
        var (azurite, blobPort) = await Azurite.StartAsync(Path.Combine(work.Path, "azurite"));
        using var azuriteProcess = azurite;
        var redisConnection = $"127.0.0.1:{redisPort}";
        // Membership, grain state and reminders in Redis; no Rec:Azure at all (artifacts stay in Azure Blob).
        var shared = ClusterEnvironment(Azurite.ConnectionString(blobPort));
        shared.Remove("Rec__Azure__ConnectionString");
        shared["Rec__Cluster__Storage"] = "Redis";
        shared["Rec__Redis__ConnectionString"] = redisConnection;
        var silos = StartSilos(shared, work.Path);
        var (gateway, http) = StartGateway(shared, work.Path, ("Rec__Cluster__GatewayListRefreshPeriod", "00:00:01"));
        try
        {
            await WaitReadyAsync(http, gateway, silos);
            var said = await Eventually.GetAsync(() => Task.FromResult(silos[0].Output), o => o.Contains("in Redis", StringComparison.Ordinal));
            Assert.Contains($"Cluster profile: silo of orleans-rec/{shared["Rec__Cluster__ClusterId"]} advertises 127.0.0.1", said, StringComparison.Ordinal);
            Assert.Contains("membership, grain state and reminders in Redis", said, StringComparison.Ordinal);

            var user = ApiCalls.NewId("redis-user");
            await RestartKeepsProfileAndVersionAsync(http, gateway, silos, shared, work.Path, "redis-model", TinyModel.ItemsFor("rd"), user);

            // The profile lives in Redis as camelCase JSON without CLR type names.
            using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redisConnection);
            var server = connection.GetServer(redisConnection);
            var db = connection.GetDatabase();
            var keys = server.Keys(pattern: $"*{user}*").ToList();
            var key = Assert.Single(keys);
            var stored = await db.KeyTypeAsync(key) == StackExchange.Redis.RedisType.Hash
                ? string.Join("\n", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"))
                : (string?)await db.StringGetAsync(key) ?? "";
            Assert.DoesNotContain("$type", stored, StringComparison.Ordinal);
            Assert.Contains("\"eventCount\":2", stored, StringComparison.Ordinal);
        }
        finally
        {
            await StopAllAsync(gateway, http, silos, azurite, redis);
        }
    }

    /// <summary>
    /// Deploys a model, gives <paramref name="user"/> a view and a purchase, restarts both silos (gracefully: they
    /// write their grain state and leave the membership table) and checks that the profile, the active version and
    /// the recommendations are as before. <paramref name="silos"/> is restarted in place, so the caller stops the
    /// running ones whatever happens.
    /// </summary>
    private static async Task RestartKeepsProfileAndVersionAsync(
        HttpClient http, ChildProcess gateway, List<ChildProcess> silos, Dictionary<string, string> shared, string work, string model, string[] items, string user)
    {
        // A silo may still be joining when the gateway first reports ready: a 503 then means "retry", as for any client.
        var version = await DeployWhenSettledAsync(http, model, items);

        // Events travel through the in-memory stream, whose queues are handed to the second silo when it joins. Under CI
        // load this test once saw neither event before the restart; the likely cause, not proven, is a queue handed over
        // with events its reader had taken but not delivered (memory streams do not rewind). Both silos reporting the
        // version means both have joined before any event is sent.
        var status = await Eventually.GetAsync(
            async () => await http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/{version}/status", ApiCalls.Json),
            s => s is { Silos.Count: 2 },
            StartTimeout);
        Assert.Equal(2, status!.Silos.Count);
        await http.PostEventsAsync(ApiCalls.View(user, items[0], "e1"), ApiCalls.Event(user, items[3], "purchase", "e2", "c7"));
        var before = await http.ProfileWithEventsAsync(user, 2);
        var recsBefore = await http.RecommendAsync(user, 2, model);

        Assert.Equal(2, before.EventCount);
        Assert.False(recsBefore.Fallback, $"fallback '{recsBefore.FallbackReason}'");
        Assert.Equal(version, recsBefore.Version);

        await StopAsync(silos);
        var restarted = StartSilos(shared, work);
        silos.Clear();
        silos.AddRange(restarted);

        var after = await Eventually.GetAsync(() => ProfileOrNullAsync(http, user), p => p is { EventCount: 2 } || gateway.HasExited, StartTimeout);
        Assert.True(after is not null, $"no profile after the restart:\n{gateway.Output}\n{Outputs(silos)}");
        var recsAfter = await http.RecommendAsync(user, 2, model);

        Assert.Equal(2, after.EventCount);
        Assert.Equal([items[0]], after.RecentViews);
        Assert.Equal([items[3]], after.Purchases);
        Assert.Equal(["c7"], after.TopCategories);
        Assert.False(recsAfter.Fallback, $"fallback '{recsAfter.FallbackReason}' after the restart:\n{Outputs(silos)}");
        Assert.Equal(model, recsAfter.Model);
        Assert.Equal(version, recsAfter.Version);
        Assert.Equal(recsBefore.Items.Select(i => i.ItemId), recsAfter.Items.Select(i => i.ItemId));
    }

    private static async Task<int> DeployWhenSettledAsync(HttpClient http, string model, string[] items)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                return await http.DeployTinyModelAsync(model, items);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Settings every process of the cluster shares: profile, storage account, cluster id, one artifact key.</summary>
    private static Dictionary<string, string> ClusterEnvironment(string connectionString) => new()
    {
        ["Rec__Profile"] = "Cluster",
        ["Rec__Azure__ConnectionString"] = connectionString,
        ["Rec__Cluster__ClusterId"] = ApiCalls.NewId("test"),
        ["Rec__Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["Rec__Artifacts__Store"] = "AzureBlob",
        ["Rec__Artifacts__AzureBlob__ConnectionString"] = connectionString,
        ["Rec__Artifacts__Keys__LocalKeyFile"] = "false",
        ["Rec__Artifacts__Keys__Kek__cluster-1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static List<ChildProcess> StartSilos(Dictionary<string, string> shared, string work) =>
        Enumerable.Range(1, 2).Select(i => ChildProcess.Start("dotnet", [BuildOutput("Silo", "Orleans.Rec.Silo.dll")], new Dictionary<string, string>(shared)
        {
            ["Rec__DataDir"] = Path.Combine(work, $"silo-{i}"),
            ["Rec__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // Each silo serves /metrics and the dashboard on its own port.
            ["Rec__Silo__HttpUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
        })).ToList();

    /// <summary>The gateway process against <paramref name="shared"/>'s cluster, and a client that calls it as the operator.</summary>
    private static (ChildProcess Gateway, HttpClient Http) StartGateway(Dictionary<string, string> shared, string work, params (string Key, string Value)[] extra)
    {
        var api = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>(shared)
        {
            ["ASPNETCORE_URLS"] = api,
            ["Rec__DataDir"] = Path.Combine(work, "gateway"),
            ["Rec__Auth__OperatorKeys__0"] = GatewayFactory.OperatorKey,
            ["Rec__Auth__ShopKeys__0"] = GatewayFactory.ShopKey,
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        var gateway = ChildProcess.Start("dotnet", [BuildOutput("Client.Api", "Orleans.Rec.Client.Api.dll")], environment);
        var http = new HttpClient { BaseAddress = new Uri(api) };
        http.DefaultRequestHeaders.Add(Orleans.Rec.Api.Infrastructure.Auth.RecRoles.ApiKeyHeader, GatewayFactory.OperatorKey);
        return (gateway, http);
    }

    private static async Task WaitReadyAsync(HttpClient http, ChildProcess gateway, List<ChildProcess> silos)
    {
        var ready = await Eventually.GetAsync(() => http.StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK || gateway.HasExited, StartTimeout);
        Assert.True(ready == HttpStatusCode.OK, $"the gateway did not become ready ({ready}):\n{gateway.Output}\n{Outputs(silos)}");
    }

    /// <summary>Stops the gateway, then the silos (gracefully), then the services they used.</summary>
    private static async Task StopAllAsync(ChildProcess gateway, HttpClient http, List<ChildProcess> silos, params ChildProcess[] services)
    {
        http.Dispose();
        gateway.Terminate();
        await gateway.WaitAsync(TimeSpan.FromSeconds(15));
        gateway.Dispose();
        await StopAsync(silos);
        foreach (var service in services)
        {
            service.Terminate();
            await service.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task StopAsync(List<ChildProcess> silos)
    {
        foreach (var silo in silos)
        {
            silo.Terminate();
        }

        foreach (var silo in silos)
        {
            var code = await silo.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code is not null, $"a silo did not stop on SIGTERM:\n{silo.Output}");
            silo.Dispose();
        }
    }

    private static string BuildOutput(string project, string dll) => Path.Combine(Repository.Root, project, "bin", Repository.Configuration, "net10.0", dll);

    private static string Outputs(List<ChildProcess> silos) => string.Join("\n", silos.Select((s, i) => $"--- silo {i + 1}:\n{s.Output}"));

    private static async Task<ProfileResponse?> ProfileOrNullAsync(HttpClient http, string user)
    {
        try
        {
            using var response = await http.GetAsync($"/v1/users/{user}/profile");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ProfileResponse>(ApiCalls.Json) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
