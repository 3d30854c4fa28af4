using System.Text;
using System.Text.Json;
using Orleans.Rec.Impressions;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Streaming;

/// <summary>Two silos consume a Kafka topic of the mock cluster through the Kafka stream provider.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaIngestTests(KafkaClusterFixture fixture)
{
    private KafkaTestClient Kafka => fixture.Kafka.Client;

    [Fact]
    public async Task Events_FromPlainProducer_ReachEachProfileExactlyOnce()
    {
        var users = Enumerable.Range(0, 6).Select(_ => ApiCalls.NewId("ku")).ToArray();
        var produced = new List<Task>();
        foreach (var user in users)
        {
            for (var i = 0; i < 10; i++)
            {
                // Half carry ids and are sent twice (a producer retry); half carry none and get topic/partition/offset ids.
                if (i % 2 == 0)
                {
                    produced.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, $"i{i}", eventId: $"{user}-e{i}")));
                    produced.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, $"i{i}", eventId: $"{user}-e{i}")));
                }
                else
                {
                    produced.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, $"i{i}")));
                }
            }
        }

        await Task.WhenAll(produced);

        foreach (var user in users)
        {
            var profile = await Eventually.GetAsync(() => Profile(user).GetProfileAsync(), p => p.EventCount >= 10);
            Assert.Equal(10, profile.EventCount);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"i{i}"), profile.RecentViews);
        }

        // Nothing arrives twice later either: once every offset is committed, the counts are still exact.
        await Eventually.GetAsync(() => Task.FromResult(Kafka.CommittedTotal(fixture.EventsTopic, fixture.ConsumerGroup)), c => c >= Kafka.EndTotal(fixture.EventsTopic));
        foreach (var user in users)
        {
            Assert.Equal(10, (await Profile(user).GetProfileAsync()).EventCount);
        }
    }

    [Fact]
    public async Task ManyEventsOfOneUser_ArriveAsBatches_AppliedInOrderOnce_AroundAPoisonMessage()
    {
        // One key, one partition: a read is one batch on the partition's stream, and the partition's grain hands this
        // user's messages of that read to the profile in one call, which applies them as one batch. Repeats (same event id) inside a batch and a poison message in the middle
        // of one must change nothing about what is counted.
        var user = ApiCalls.NewId("kb");
        const int count = 120;
        var sends = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            sends.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, $"b{i}", eventId: $"{user}-b{i}")));
            if (i % 10 == 0)
            {
                sends.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, $"b{i}", eventId: $"{user}-b{i}")));
            }

            if (i == count / 2)
            {
                sends.Add(Kafka.ProduceAsync(fixture.EventsTopic, user, "{broken"));
            }
        }

        await Task.WhenAll(sends);

        var profile = await Eventually.GetAsync(() => Profile(user).GetProfileAsync(), p => p.EventCount >= count);
        Assert.Equal(count, profile.EventCount);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"b{i}"), profile.RecentViews);
        var dead = Assert.Single(Kafka.Read(fixture.EventsTopic + ".dlq", m => KafkaTestClient.Header(m, "original-key") == user, 1));
        Assert.Equal("{broken", Encoding.UTF8.GetString(dead.Message.Value!));
        Assert.StartsWith("invalid JSON", KafkaTestClient.Header(dead, "reason"), StringComparison.Ordinal);

        await Eventually.GetAsync(() => Task.FromResult(Kafka.CommittedTotal(fixture.EventsTopic, fixture.ConsumerGroup)), c => c >= Kafka.EndTotal(fixture.EventsTopic));
        Assert.Equal(count, (await Profile(user).GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task PoisonMessages_LandInDeadLetterTopic_WithReasonAndOrigin()
    {
        var user = ApiCalls.NewId("kp");
        var poison = new Dictionary<string, (string Json, string Reason)>
        {
            [$"{user}-a"] = ("{not json", "invalid JSON"),
            [$"{user}-b"] = ($$"""{"userId":"{{user}}-b","type":"view"}""", "itemId is required"),
            [$"{user}-c"] = ($$"""{"userId":"{{user}}-c","itemId":"x","type":"like"}""", "type 'like' is not an event type; expected view, cart or purchase"),
            [$"{user}-d"] = (KafkaTestClient.EventJson("someone-else", "x"), $"key '{user}-d' does not match userId 'someone-else'"),
        };
        foreach (var (key, (json, _)) in poison)
        {
            await Kafka.ProduceAsync(fixture.EventsTopic, key, json);
        }

        await Kafka.ProduceAsync(fixture.EventsTopic, user, KafkaTestClient.EventJson(user, "after-poison"));

        var profile = await Eventually.GetAsync(() => Profile(user).GetProfileAsync(), p => p.EventCount >= 1);
        Assert.Equal(["after-poison"], profile.RecentViews);

        var dead = Kafka.Read(
            fixture.EventsTopic + ".dlq",
            m => poison.ContainsKey(KafkaTestClient.Header(m, "original-key")),
            poison.Count);
        Assert.Equal(poison.Count, dead.Count);
        foreach (var message in dead)
        {
            var key = KafkaTestClient.Header(message, "original-key");
            Assert.StartsWith(poison[key].Reason, KafkaTestClient.Header(message, "reason"), StringComparison.Ordinal);
            Assert.Equal(poison[key].Json, Encoding.UTF8.GetString(message.Message.Value!));
            Assert.Equal(fixture.EventsTopic, KafkaTestClient.Header(message, "original-topic"));
            Assert.True(int.Parse(KafkaTestClient.Header(message, "partition"), System.Globalization.CultureInfo.InvariantCulture) is >= 0 and < 4);
            Assert.True(long.Parse(KafkaTestClient.Header(message, "offset"), System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }
    }

    [Fact]
    public async Task ServedLists_AppearOnRecommendationsTopic()
    {
        var user = ApiCalls.NewId("kr");
        var requestId = ApiCalls.NewId("req");
        RequestContext.Set(RecNames.RequestIdKey, requestId);
        Inference.RecommendationResult result;
        try
        {
            result = await Profile(user).GetRecommendationsAsync(3, "kafka-impressions-model");
        }
        finally
        {
            RequestContext.Clear();
        }

        var messages = Kafka.Read("recommendations", m => m.Message.Key is { } k && Encoding.UTF8.GetString(k) == user, 1);
        var message = Assert.Single(messages);
        var impression = JsonSerializer.Deserialize<Impression>(message.Message.Value!, ApiCalls.Json)!;
        Assert.Equal(user, impression.UserId);
        Assert.Equal("kafka-impressions-model", impression.Model);
        Assert.Null(impression.Version);
        Assert.Equal(requestId, impression.RequestId);
        Assert.Equal(result.Items.Select(i => i.ItemId), impression.Items);
    }

    [Fact]
    public async Task RecommendationsEndpoint_PublishesImpressionWithCallersRequestId()
    {
        var user = ApiCalls.NewId("kh");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{user}/recommendations?k=2");
        request.Headers.Add("X-Request-Id", "shop-req-42");
        using var response = await fixture.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var message = Assert.Single(Kafka.Read("recommendations", m => m.Message.Key is { } k && Encoding.UTF8.GetString(k) == user, 1));
        var impression = JsonSerializer.Deserialize<Impression>(message.Message.Value!, ApiCalls.Json)!;
        Assert.Equal("shop-req-42", impression.RequestId);
        Assert.Equal(RecNames.DefaultModel, impression.Model);
    }

    [Fact]
    public async Task PostEvents_WhenKafkaConfigured_ProducesToTheTopic()
    {
        var user = ApiCalls.NewId("kg");
        await fixture.Http.PostEventsAsync(ApiCalls.View(user, "g1", eventId: "g-1"), ApiCalls.View(user, "g2", eventId: "g-2"));

        var profile = await Eventually.GetAsync(() => Profile(user).GetProfileAsync(), p => p.EventCount >= 2);
        Assert.Equal(["g1", "g2"], profile.RecentViews);
        var onTopic = Kafka.Read(fixture.EventsTopic, m => m.Message.Key is { } k && Encoding.UTF8.GetString(k) == user, 2);
        Assert.Equal(["g-1", "g-2"], onTopic.Select(m => JsonDocument.Parse(m.Message.Value!).RootElement.GetProperty("eventId").GetString()));
    }

    private IUserProfileGrain Profile(string user) => fixture.Cluster.Client.GetGrain<IUserProfileGrain>(user);
}
