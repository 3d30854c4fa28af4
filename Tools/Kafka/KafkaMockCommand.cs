using System.CommandLine;
using System.Globalization;
using Orleans.Rec.Tools.Cli;

namespace Orleans.Rec.Tools.Kafka;

/// <summary><c>rec kafka-mock</c>: a local Kafka-protocol cluster (librdkafka's mock) for silos, tests and kcat.</summary>
internal static class KafkaMockCommand
{
    public static Command Create()
    {
        var brokers = CommonOptions.Positive("--brokers", "Number of mock brokers.", 3);
        var topics = new Option<string[]>("--topic")
        {
            Description = "Topic to create, NAME or NAME:PARTITIONS (repeatable).",
            DefaultValueFactory = _ => ["user_history:8", "user_history.dlq:1", "recommendations:4", "alerts:1"],
            HelpName = "NAME[:PARTITIONS]",
            AllowMultipleArgumentsPerToken = false,
        };
        topics.Validators.Add(r =>
        {
            foreach (var text in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParseTopic(text, out _, out _))
                {
                    r.AddError($"--topic '{text}' is not NAME or NAME:PARTITIONS with PARTITIONS at least 1.");
                }
            }
        });
        var command = new Command("kafka-mock", "Start librdkafka's mock Kafka cluster, print bootstrap.servers=... on the first line, and run until stopped (Ctrl-C).")
        {
            brokers,
            topics,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var cluster = new KafkaMockCluster(result.GetValue(brokers));
            Console.Out.WriteLine($"bootstrap.servers={cluster.BootstrapServers}");
            foreach (var text in result.GetValue(topics) ?? [])
            {
                TryParseTopic(text, out var name, out var partitions);
                cluster.CreateTopic(name, partitions);
                Console.Out.WriteLine($"topic {name}: {partitions} partitions");
            }

            Console.Out.WriteLine("Running; Ctrl-C stops the cluster.");
            await Console.Out.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: the cluster stops with the process.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static bool TryParseTopic(string text, out string name, out int partitions)
    {
        var colon = text.LastIndexOf(':');
        name = colon < 0 ? text : text[..colon];
        partitions = 1;
        return name.Length > 0
            && (colon < 0 || (int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partitions) && partitions >= 1));
    }
}
