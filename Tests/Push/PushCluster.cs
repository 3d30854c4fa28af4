using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Push;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Push;

/// <summary>
/// A cluster reading its own events topic of the mock Kafka cluster and pushing to its own recommendations topic, the
/// gateway in front, and the calls push tests make: deploy a model, switch push on through the config API, read lists.
/// </summary>
public sealed class PushCluster : IAsyncDisposable
{
    private readonly TempDirectory _dataDir = new("rec-push");
    private GatewayFactory? _gateway;

    private PushCluster(KafkaMockFixture kafka)
    {
        Kafka = kafka;
        EventsTopic = kafka.NewEventsTopic();
        RecommendationsTopic = ApiCalls.NewId("recs");
        kafka.Cluster.CreateTopic(RecommendationsTopic, 2);
        ConsumerGroup = ApiCalls.NewId("push");
    }

    public KafkaMockFixture Kafka { get; }

    public string EventsTopic { get; }

    public string RecommendationsTopic { get; }

    public string ConsumerGroup { get; }

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<PushCluster> StartAsync(KafkaMockFixture kafka, short silos = 2)
    {
        var push = new PushCluster(kafka);
        var settings = KafkaRecSettings.For(kafka.BootstrapServers, push.EventsTopic, push.ConsumerGroup);
        settings.Remove("Rec:Kafka:EventsTopic");
        settings.Remove("Rec:Kafka:ImpressionsTopic");
        settings["Rec:Kafka:UserHistoryTopic"] = push.EventsTopic;
        settings["Rec:Kafka:RecommendationsTopic"] = push.RecommendationsTopic;
        push.Cluster = await RecCluster.StartAsync(push._dataDir.Path, silos, settings);
        push._gateway = new GatewayFactory(push.Cluster, settings);
        push.Http = push._gateway.CreateClient();
        return push;
    }

    /// <summary>Uploads and activates <paramref name="config"/> (push off), then switches push on through the config API, as an operator would.</summary>
    public async Task<int> DeployPushingAsync(string model, byte[] artifact, ModelConfig config, PushConfig push)
    {
        using var upload = await Http.UploadAsync(model, artifact, config);
        upload.EnsureSuccessStatusCode();
        var version = (await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.Version;
        using (var activate = await Http.PostAsync($"/v1/models/{model}/versions/{version}/activate", null))
        {
            activate.EnsureSuccessStatusCode();
        }

        var serving = ServingConfig.From(config) with { Push = push };
        using (var put = await Http.PutAsJsonAsync($"/v1/models/{model}/versions/{version}/config", serving, ApiCalls.Json))
        {
            put.EnsureSuccessStatusCode();
        }

        // Live-applied: each silo's config watcher picks the revision up, then its pusher sees the model in push mode.
        var status = await Eventually.GetAsync(StatusAsync, s => s.PerSilo.Length == Cluster.GetActiveSilos().Count() && s.PerSilo.All(p => p.Models.Contains(model)), TimeSpan.FromSeconds(30));
        Assert.All(status.PerSilo, p => Assert.Contains(model, p.Models));
        return version;
    }

    public async Task<PushStatusResponse> StatusAsync() => (await Http.GetFromJsonAsync<PushStatusResponse>("/v1/push", ApiCalls.Json))!;

    /// <summary>Produces every event of every user, all at once, keyed by user, through a plain Kafka producer.</summary>
    public Task ProduceAsync(IEnumerable<(string User, string Json)> events) =>
        Task.WhenAll(events.Select(e => Kafka.Client.ProduceAsync(EventsTopic, e.User, e.Json)));

    /// <summary>
    /// The events as a shop's script would produce them: Debian's kcat reads one <c>key TAB value</c> line per event
    /// from a file and produces them, keyed by user, in order.
    /// </summary>
    public async Task ProduceWithKcatAsync(IEnumerable<(string User, string Json)> events)
    {
        using var folder = new TempDirectory("rec-kcat");
        var file = Path.Combine(folder.Path, "events.tsv");
        await File.WriteAllLinesAsync(file, events.Select(e => $"{e.User}\t{e.Json}"));
        await ChildProcess.RunAsync("kcat", ["-P", "-b", Kafka.BootstrapServers, "-t", EventsTopic, "-K", "\t", "-l", file], TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The first pushed list of each of <paramref name="users"/> with <paramref name="sequence"/>, waiting until every user
    /// has one; repeats of a (user, sequence) are dropped, as the message contract asks of consumers.
    /// </summary>
    public Dictionary<string, PushedList> Lists(IReadOnlySet<string> users, long sequence, TimeSpan? timeout = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var messages = Kafka.Client.Read(RecommendationsTopic, m => IsPush(m, users) && Parse(m) is { } list && list.Sequence == sequence && seen.Add(list.UserId), users.Count, timeout ?? TimeSpan.FromSeconds(60));
        return messages.Select(Parse).ToDictionary(l => l.UserId);
    }

    /// <summary>Every pushed list of <paramref name="users"/> on the topic now, repeats included.</summary>
    public List<PushedList> AllLists(IReadOnlySet<string> users) =>
        Kafka.Client.ReadToEnd(RecommendationsTopic, m => IsPush(m, users)).Select(Parse).ToList();

    /// <summary>Waits until the cluster committed every event produced so far: every list those events owe is out.</summary>
    public Task<long> CommittedEverythingAsync() =>
        Eventually.GetAsync(() => Task.FromResult(Kafka.Client.CommittedTotal(EventsTopic, ConsumerGroup)), c => c >= Kafka.Client.EndTotal(EventsTopic), TimeSpan.FromSeconds(60));

    /// <summary>What a failed wait saw: push status, offsets committed and produced, each user's events and lists.</summary>
    public async Task<string> DescribeAsync(IReadOnlySet<string> users, string what)
    {
        var status = await StatusAsync();
        var lists = AllLists(users).ToLookup(l => l.UserId);
        var profiles = await Task.WhenAll(users.Order().Select(async u =>
            $"{u}: {(await Cluster.Client.GetGrain<IUserProfileGrain>(u).GetProfileAsync()).EventCount} events, lists {string.Join(",", lists[u].Select(l => l.Sequence))}"));
        return $"{what}; published {status.Published}, failed {status.Failed}, waiting {status.Pending}; committed {Kafka.Client.CommittedTotal(EventsTopic, ConsumerGroup)} of {Kafka.Client.EndTotal(EventsTopic)} events\n{string.Join("\n", profiles)}";
    }

    public static PushedList Parse(ConsumeResult<byte[]?, byte[]?> message) =>
        JsonSerializer.Deserialize<PushedList>(message.Message.Value, ApiCalls.Json)!;

    /// <summary>The list equals what <c>GET /v1/users/{id}/recommendations</c> answers now: same version, same items in order, same scores.</summary>
    public async Task AssertEqualsRestAsync(PushedList pushed, string model, int k)
    {
        var rest = await Http.RecommendAsync(pushed.UserId, k, model);
        Assert.Equal(rest.Version, pushed.Version);
        Assert.Equal(rest.Items.Select(i => i.ItemId), pushed.Items.Select(i => i.ItemId));
        Assert.Equal(rest.Items.Select(i => i.Score), pushed.Items.Select(i => i.Score), new ToleranceComparer(1e-5f));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _dataDir.Dispose();
    }

    private static bool IsPush(ConsumeResult<byte[]?, byte[]?> message, IReadOnlySet<string> users) =>
        KafkaTestClient.Header(message, KafkaRecommendationPublisher.KindHeader) == "push"
        && message.Message.Key is { } key && users.Contains(Encoding.UTF8.GetString(key));
}
