using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Builds the Kafka stream provider: reads partition counts from the brokers, maps each partition to a queue,
/// and hands Orleans the adapter, a bounded stream-indexed queue cache and the failure handler.
/// </summary>
public sealed class KafkaAdapterFactory : IQueueAdapterFactory, IDisposable
{
    private readonly string _name;
    private readonly KafkaStreamOptions _options;
    private readonly IKafkaMessageCodec _codec;
    private readonly IKafkaCheckpointParticipant? _participant;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer;
    private readonly KafkaQueueAdapterCache _cache;
    private KafkaQueueMapper? _mapper;

    public KafkaAdapterFactory(
        string name,
        KafkaStreamOptions options,
        IKafkaMessageCodec codec,
        IKafkaCheckpointParticipant? participant,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _name = name;
        _options = options;
        _codec = codec;
        _participant = participant;
        _time = time;
        _loggerFactory = loggerFactory;
        _producer = new Lazy<IProducer<byte[]?, byte[]?>>(() => new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Producer(options)).Build());
        _cache = new KafkaQueueAdapterCache(options);
    }

    public static KafkaAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name);
        var codec = services.GetKeyedService<IKafkaMessageCodec>(name) ?? services.GetRequiredService<IKafkaMessageCodec>();
        var participant = services.GetKeyedService<IKafkaCheckpointParticipant>(name) ?? services.GetService<IKafkaCheckpointParticipant>();
        return new KafkaAdapterFactory(name, options, codec, participant, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>());
    }

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(
        new KafkaAdapter(_name, _options, (KafkaQueueMapper)GetStreamQueueMapper(), _codec, _participant, _producer, _time, _loggerFactory));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper ??= CreateMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler(faultOnError: false));

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }

    private KafkaQueueMapper CreateMapper()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var config = new AdminClientConfig(new Dictionary<string, string>(_options.Properties)) { BootstrapServers = _options.BootstrapServers };
        using (var admin = new AdminClientBuilder(config).Build())
        {
            foreach (var topic in _options.Topics)
            {
                var metadata = admin.GetMetadata(topic.Name, _options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic.Name);
                if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
                {
                    throw new OrleansConfigurationException(
                        $"Kafka stream provider '{_name}': topic '{topic.Name}' has no partitions at {_options.BootstrapServers} ({metadata?.Error.Reason ?? "not found"}). Create it first.");
                }

                counts[topic.Name] = metadata.Partitions.Count;
            }
        }

        var mapper = new KafkaQueueMapper(_name, _options.Topics, counts);
        KafkaLog.ProviderStarted(_loggerFactory.CreateLogger<KafkaAdapterFactory>(), _name, counts.Values.Sum(), string.Join(",", counts.Keys), _options.BootstrapServers);
        return mapper;
    }
}
