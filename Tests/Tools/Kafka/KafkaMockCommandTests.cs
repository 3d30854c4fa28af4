using System.Text;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Tests.Tools.Kafka;

public sealed class KafkaMockCommandTests
{
    [Fact]
    public async Task KafkaMock_PrintsBootstrapServersFirst_AndServesProducersAndConsumersUntilStopped()
    {
        using var mock = ChildProcess.Start("dotnet", [Repository.RecTool, "kafka-mock", "--brokers", "2", "--topic", "cli-topic:3"]);
        var output = await Eventually.GetAsync(() => Task.FromResult(mock.Output), o => o.Contains("Running", StringComparison.Ordinal) || mock.HasExited);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("bootstrap.servers=127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines[0]["bootstrap.servers=".Length..].Split(',').Length);
        Assert.Equal("topic cli-topic: 3 partitions", lines[1]);

        using var client = new KafkaTestClient(lines[0]["bootstrap.servers=".Length..]);
        await client.ProduceAsync("cli-topic", "k", "hello");
        var read = Assert.Single(client.Read("cli-topic", _ => true, 1));
        Assert.Equal("hello", Encoding.UTF8.GetString(read.Message.Value!));

        mock.Terminate();
        Assert.Equal(0, await mock.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("user-events:8", true, "user-events", 8)]
    [InlineData("dlq", true, "dlq", 1)]
    [InlineData("t:0", false, "t", 0)]
    [InlineData(":3", false, "", 3)]
    [InlineData("t:x", false, "t", 0)]
    public void TryParseTopic_ReadsNameAndPartitions(string text, bool ok, string name, int partitions)
    {
        Assert.Equal(ok, KafkaMockCommand.TryParseTopic(text, out var parsedName, out var parsedPartitions));
        Assert.Equal(name, parsedName);
        if (ok)
        {
            Assert.Equal(partitions, parsedPartitions);
        }
    }
}
