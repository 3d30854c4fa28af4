using System.Text;
using Confluent.Kafka;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Kafka;

namespace Orleans.Rec.Tests.Tools.Kafka;

public sealed class TailCommandTests(KafkaMockFixture kafka) : IClassFixture<KafkaMockFixture>
{
    [Fact]
    public async Task Tail_FromBeginning_PrintsOneLinePerPushedList_AndStopsAtMax()
    {
        var topic = ApiCalls.NewId("tail");
        kafka.Cluster.CreateTopic(topic, 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var push = new Headers { { TailLine.KindHeader, Encoding.UTF8.GetBytes("push") } };
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "u1", Value = """{"kind":"push","sequence":1}""", Headers = push });
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "u1", Value = """{"impression":true}""" });
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "u2", Value = "{\"kind\":\"push\",\n\"sequence\":1}", Headers = push });

        using var tail = ChildProcess.Start("dotnet", [Repository.RecTool, "tail", "--bootstrap-servers", kafka.BootstrapServers, "--topic", topic, "--from-beginning", "--kind", "push", "--max", "2"]);
        Assert.Equal(0, await tail.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(
        [
            $$"""{{topic}}/0/0 u1 {"kind":"push","sequence":1}""",
            $$"""{{topic}}/0/2 u2 {"kind":"push",\n"sequence":1}""",
        ],
        tail.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(topic + "/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tail_WithoutBootstrapServers_IsAUsageErrorNamingTheOption()
    {
        using var tail = ChildProcess.Start("dotnet", [Repository.RecTool, "tail", "--bootstrap-servers", ""]);
        Assert.Equal(2, await tail.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("--bootstrap-servers is required (or set Rec__Kafka__BootstrapServers).", tail.Output, StringComparison.Ordinal);
    }
}
