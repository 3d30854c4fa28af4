using Microsoft.Extensions.Options;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Hosting;

/// <summary>Adds the Kafka persistent stream provider to a silo.</summary>
public static class KafkaSiloBuilderExtensions
{
    /// <summary>
    /// Adds a Kafka stream provider named <paramref name="name"/>. An <see cref="IKafkaMessageCodec"/> must be
    /// registered (keyed by the provider name or not); an <see cref="IKafkaCheckpointParticipant"/> is optional.
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions, Action<ISiloPersistentStreamConfigurator>? configure = null)
    {
        var configurator = new SiloPersistentStreamConfigurator(name, configureServices => configureServices(builder.Services), KafkaAdapterFactory.Create);
        configurator.Configure(configureOptions);
        configurator.ConfigureComponent(KafkaStreamOptionsValidator.Create);
        configurator.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<KafkaStreamOptions>>((o, kafka) => o.GetQueueMsgsTimerPeriod = kafka.Get(name).PollInterval));
        configure?.Invoke(configurator);
        return builder;
    }
}
