using System.CommandLine;
using Confluent.Kafka;
using Orleans.Rec.Tools.Cli;

namespace Orleans.Rec.Tools.Kafka;

/// <summary>
/// <c>rec tail</c>: watch a topic (by default <c>recommendations</c>: pushed lists and impressions) arrive, one line per
/// message, with a plain Confluent.Kafka consumer that reads every partition without joining a group.
/// </summary>
internal static class TailCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap-servers")
        {
            Description = "Kafka bootstrap.servers (default: the Rec__Kafka__BootstrapServers environment variable).",
            HelpName = "HOST:PORT[,...]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Rec__Kafka__BootstrapServers") ?? string.Empty,
        };
        bootstrap.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
            {
                r.AddError("--bootstrap-servers is required (or set Rec__Kafka__BootstrapServers).");
            }
        });
        var topic = new Option<string>("--topic") { Description = "Topic to watch.", DefaultValueFactory = _ => "recommendations", HelpName = "NAME" };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the oldest message of each partition instead of the newest." };
        var kind = new Option<TailKind>("--kind") { Description = "Which messages of the recommendations topic: all, push (pushed lists) or impression (served lists).", DefaultValueFactory = _ => TailKind.All };
        var max = new Option<int>("--max") { Description = "Stop after this many messages (0: until Ctrl-C).", HelpName = "N" };
        max.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--max must not be negative.");
            }
        });
        var command = new Command("tail", "Print each message of a Kafka topic as it arrives: topic/partition/offset, key and value, one line each.")
        {
            bootstrap,
            topic,
            fromBeginning,
            kind,
            max,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(topic)!;
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
            {
                BootstrapServers = result.GetValue(bootstrap),
                GroupId = "rec-tail-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
            }).Build();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = result.GetValue(bootstrap) }).Build())
            {
                var metadata = admin.GetMetadata(name, TimeSpan.FromSeconds(10)).Topics.Single();
                if (metadata.Error.IsError)
                {
                    ConsoleOutput.Fail($"topic '{name}': {metadata.Error.Reason}");
                    return ExitCodes.Failure;
                }

                var start = result.GetValue(fromBeginning) ? Offset.Beginning : Offset.End;
                consumer.Assign(metadata.Partitions.Select(p => new TopicPartitionOffset(name, p.PartitionId, start)));
            }

            await Console.Error.WriteLineAsync($"tailing {name} ({(result.GetValue(fromBeginning) ? "from the beginning" : "new messages")}); Ctrl-C stops");
            var wanted = result.GetValue(max);
            var printed = 0;
            var filter = result.GetValue(kind);
            while (!cancellationToken.IsCancellationRequested && (wanted == 0 || printed < wanted))
            {
                var message = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (message is null || message.IsPartitionEOF || !TailLine.Matches(message, filter))
                {
                    continue;
                }

                await Console.Out.WriteLineAsync(TailLine.Format(message));
                await Console.Out.FlushAsync(cancellationToken);
                printed++;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
