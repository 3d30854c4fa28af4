using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>Checks a provider's <see cref="KafkaStreamOptions"/> at start-up and reports every problem at once.</summary>
public sealed class KafkaStreamOptionsValidator(KafkaStreamOptions options, string name) : IConfigurationValidator
{
    public static IConfigurationValidator Create(IServiceProvider services, string name) =>
        new KafkaStreamOptionsValidator(services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name), name);

    public void ValidateConfiguration()
    {
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException($"Kafka stream provider '{name}' is misconfigured: {string.Join(" ", problems)}");
        }
    }

    /// <summary>Every problem with <paramref name="options"/>, one sentence each.</summary>
    public static List<string> Problems(KafkaStreamOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            problems.Add("BootstrapServers is required.");
        }

        if (options.Topics.Count == 0)
        {
            problems.Add("Topics must name at least one topic.");
        }

        for (var i = 0; i < options.Topics.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Topics[i].Name))
            {
                problems.Add($"Topics[{i}].Name is required.");
            }
        }

        if (options.Topics.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != options.Topics.Count)
        {
            problems.Add("Topics must not repeat a topic.");
        }

        if (!string.IsNullOrEmpty(options.DeadLetterTopic) && options.Topics.Any(t => string.Equals(t.Name, options.DeadLetterTopic, StringComparison.Ordinal)))
        {
            problems.Add("DeadLetterTopic must not be one of the topics read.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            problems.Add("ConsumerGroup is required.");
        }

        if (options.PollBatchSize < 1)
        {
            problems.Add("PollBatchSize must be at least 1.");
        }

        if (options.CommitInterval <= TimeSpan.Zero)
        {
            problems.Add("CommitInterval must be positive.");
        }

        if (options.CaughtUpCommitDelay < TimeSpan.Zero)
        {
            problems.Add("CaughtUpCommitDelay must not be negative.");
        }

        if (options.DeadLetterRetryInterval < TimeSpan.Zero)
        {
            problems.Add("DeadLetterRetryInterval must not be negative.");
        }

        if (options.MaxUnacknowledgedDeadLetters < 1)
        {
            problems.Add("MaxUnacknowledgedDeadLetters must be at least 1.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add("PollInterval must be positive.");
        }

        if (options.CacheSize < 10)
        {
            problems.Add("CacheSize must be at least 10.");
        }

        if (options.MetadataTimeout <= TimeSpan.Zero)
        {
            problems.Add("MetadataTimeout must be positive.");
        }

        return problems;
    }
}
