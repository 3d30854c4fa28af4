using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Impressions;

namespace Orleans.Rec.Tests.Streaming;

public sealed class KafkaImpressionLogTests
{
    [Fact]
    public void TryPublish_WhenBufferIsFull_DropsAndCountsWithoutBlocking()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        // Not started: nothing drains the buffer, as when the brokers are slower than the requests.
        using var log = new KafkaImpressionLog(
            Options.Create(new KafkaSettings { BootstrapServers = "127.0.0.1:1", ImpressionBufferCapacity = 2 }),
            services.GetRequiredService<IMeterFactory>(),
            NullLogger<KafkaImpressionLog>.Instance);
        var impression = new Impression("u", "m", 1, ["a"], "r", DateTimeOffset.UnixEpoch);

        var accepted = Enumerable.Range(0, 5).Select(_ => log.TryPublish(impression)).ToArray();

        Assert.Equal([true, true, false, false, false], accepted);
        Assert.Equal(3, log.Dropped);
    }
}
