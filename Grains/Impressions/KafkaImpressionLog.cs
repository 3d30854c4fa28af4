using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Impressions;

/// <summary>
/// Publishes impressions to the <c>recommendations</c> topic (keyed by user id, JSON) from a bounded buffer drained
/// in the background; a full buffer drops and counts instead of blocking the grain that served the list.
/// </summary>
public sealed class KafkaImpressionLog : BackgroundService, IImpressionLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<Impression> _buffer;
    private readonly KafkaSettings _settings;
    private readonly ILogger<KafkaImpressionLog> _logger;
    private readonly Counter<long> _published;
    private readonly Counter<long> _droppedCounter;
    private long _dropped;

    public KafkaImpressionLog(IOptions<KafkaSettings> settings, IMeterFactory meters, ILogger<KafkaImpressionLog> logger)
    {
        _settings = settings.Value;
        _logger = logger;
        _buffer = Channel.CreateBounded<Impression>(new BoundedChannelOptions(_settings.ImpressionBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        var meter = meters.Create("Orleans.Rec");
        _published = meter.CreateCounter<long>("rec.impressions.published", description: "Served lists published to the impression log");
        _droppedCounter = meter.CreateCounter<long>("rec.impressions.dropped", description: "Served lists dropped because the impression buffer was full");
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TryPublish(Impression impression)
    {
        // DropWrite makes TryWrite succeed even when it drops, so check the room first; a race only over-fills by one.
        if (_buffer.Reader.Count < _settings.ImpressionBufferCapacity && _buffer.Writer.TryWrite(impression))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        _droppedCounter.Add(1);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(_settings.Properties))
        {
            BootstrapServers = _settings.BootstrapServers,
            LingerMs = 20,
            Acks = Acks.Leader,
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        try
        {
            await foreach (var impression in _buffer.Reader.ReadAllAsync(stoppingToken))
            {
                Produce(producer, impression);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (_buffer.Reader.TryRead(out var impression))
            {
                Produce(producer, impression);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(5));
    }

    private void Produce(IProducer<string, byte[]> producer, Impression impression)
    {
        var message = new Message<string, byte[]> { Key = impression.UserId, Value = JsonSerializer.SerializeToUtf8Bytes(impression, Json) };
        try
        {
            producer.Produce(_settings.OutTopic, message, report =>
            {
                if (report.Error.IsError)
                {
                    RecLog.ImpressionFailed(_logger, impression.UserId, report.Error.Reason);
                }
                else
                {
                    _published.Add(1);
                }
            });
        }
        catch (ProduceException<string, byte[]> e)
        {
            // The producer's own queue is full: same policy as the buffer, drop and count.
            Interlocked.Increment(ref _dropped);
            _droppedCounter.Add(1);
            RecLog.ImpressionFailed(_logger, impression.UserId, e.Error.Reason);
        }
    }
}
