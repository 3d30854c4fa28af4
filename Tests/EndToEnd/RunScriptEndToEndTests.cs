using System.Globalization;
using System.Net;
using System.Text.Json;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.EndToEnd;

/// <summary>
/// The walkthrough of the README, for real: <c>rec train</c> on the DIGINETICA sample, <c>./run.sh</c> (silo and
/// gateway as processes), <c>rec deploy</c>, <c>rec replay</c>, then a recommendation over HTTP; Ctrl-C stops it all.
/// </summary>
public sealed class RunScriptEndToEndTests
{
    private const string Views = "diginetica_sample/sample_train-item-views.csv";

    [SharedDataFact]
    public async Task RunScript_WhenModelTrainedDeployedAndEventsReplayed_ServesModelRecommendations()
    {
        using var work = new TempDirectory("rec-e2e");
        var events = SharedData.PathOf(Views);
        var modelDir = Path.Combine(work.Path, "model");
        await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "train", "--events", events, "--out", modelDir], TimeSpan.FromMinutes(5));
        var config = JsonSerializer.Deserialize<ModelConfig>(await File.ReadAllTextAsync(Path.Combine(modelDir, "config.json")), ApiCalls.Json)!;

        var api = $"http://127.0.0.1:{FreePort.Next()}";
        var siloHttp = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["Rec__DataDir"] = Path.Combine(work.Path, "data"),
            ["ASPNETCORE_URLS"] = api,
            ["Rec__Silo__HttpUrl"] = siloHttp,
            ["Rec__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = Repository.Configuration,
        };
        using var http = new HttpClient { BaseAddress = new Uri(api) };
        var platform = await StartAsync(environment, http);
        try
        {
            // No keys configured: the gateway generated one of each role into the data folder, readable by its owner only.
            var keyFile = Path.Combine(work.Path, "data", ApiKeyStore.FileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            var keys = JsonSerializer.Deserialize<ApiKeyFile>(await File.ReadAllTextAsync(keyFile), ApiCalls.Json)!;
            using (var anonymous = await http.GetAsync("/v1/users/anyone/profile"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            var deployed = await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "deploy", "--api", api, "--api-key", keys.OperatorKeys[0], "--model", "recommender", modelDir], TimeSpan.FromMinutes(2));
            await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "replay", "--api", api, "--api-key", keys.ShopKeys[0], "--events", events], TimeSpan.FromMinutes(3));
            http.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, keys.ShopKeys[0]);

            // The user of the first event of the log: every one of its distinct events must be in its profile.
            var (user, userEvents) = FirstUser(events);
            var profile = await http.ProfileWithEventsAsync(user, userEvents);
            Assert.Equal(userEvents, profile.EventCount);

            var recs = await http.RecommendAsync(user, 10);

            Assert.False(recs.Fallback, $"expected a model answer, got fallback '{recs.FallbackReason}'; deploy said:\n{deployed}");
            Assert.Equal("recommender", recs.Model);
            Assert.Equal(1, recs.Version);
            Assert.Equal(10, recs.Items.Count);
            Assert.All(recs.Items, i => Assert.Contains(i.ItemId, config.ItemIds));
            Assert.Equal(recs.Items.Count, recs.Items.Select(i => i.ItemId).Distinct().Count());
            Assert.Equal(recs.Items.OrderByDescending(i => i.Score).Select(i => i.ItemId), recs.Items.Select(i => i.ItemId));

            // The silo serves its own Prometheus metrics (the project's meter and Orleans') and the Orleans Dashboard.
            using var silo = new HttpClient { BaseAddress = new Uri(siloHttp) };
            var siloMetrics = await silo.GetStringAsync("/metrics");
            Assert.Contains("# TYPE rec_inference_requests_total counter", siloMetrics, StringComparison.Ordinal);
            Assert.Contains("# TYPE rec_inference_latency_milliseconds histogram", siloMetrics, StringComparison.Ordinal);
            Assert.Contains("rec_inference_latency_milliseconds_bucket{", siloMetrics, StringComparison.Ordinal);
            Assert.Contains("# TYPE orleans_grains ", siloMetrics, StringComparison.Ordinal);
            Assert.Contains("<title>Orleans Dashboard</title>", await silo.GetStringAsync("/dashboard/"), StringComparison.Ordinal);

            await StopAsync(platform);
            platform.Dispose();

            // Stopped and started again on the same data folder: once ready, the first answer comes from the active
            // version, built from the same history (issue 20's check on the local profile).
            platform = await StartAsync(environment, http);
            var again = await http.RecommendAsync(user, 10);
            Assert.False(again.Fallback, $"expected a model answer after the restart, got fallback '{again.FallbackReason}'");
            Assert.Equal(1, again.Version);
            Assert.Equal(recs.Items.Select(i => i.ItemId), again.Items.Select(i => i.ItemId));
            Assert.Equal(userEvents, (await http.ProfileAsync(user)).EventCount);
            await StopAsync(platform);
        }
        finally
        {
            platform.Dispose();
        }
    }

    /// <summary><c>./run.sh</c>, once <c>/health/ready</c> answers 200.</summary>
    private static async Task<ChildProcess> StartAsync(Dictionary<string, string> environment, HttpClient http)
    {
        var platform = ChildProcess.Start("bash", [Path.Combine(Repository.Root, "run.sh")], environment);
        var ready = await Eventually.GetAsync(() => http.StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK || platform.HasExited, TimeSpan.FromSeconds(90));
        Assert.True(ready == HttpStatusCode.OK, $"the platform did not become ready ({ready}):\n{platform.Output}");
        return platform;
    }

    /// <summary>Ctrl-C, as a person would stop it.</summary>
    private static async Task StopAsync(ChildProcess platform)
    {
        platform.Terminate();
        var code = await platform.WaitAsync(TimeSpan.FromSeconds(45));
        Assert.True(code is not null, $"run.sh did not stop on SIGTERM:\n{platform.Output}");
        Assert.Contains("run.sh: stopped", platform.Output, StringComparison.Ordinal);
    }

    /// <summary>The first user of the log and how many distinct events (by id) the log holds for it.</summary>
    private static (string User, long Events) FirstUser(string path)
    {
        var all = EventLog.Open(path).Read().ToList();
        var user = all[0].UserId;
        return (user, all.Where(e => e.UserId == user).Select(e => e.EventId).Distinct().LongCount());
    }
}
