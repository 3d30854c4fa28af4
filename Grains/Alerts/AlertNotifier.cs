using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>
/// Delivers fire and resolve notifications off the evaluation path: the alert manager only enqueues (a full buffer
/// drops and logs); a background loop hands each notification to the publishers (Kafka) and POSTs it to every
/// webhook, each delivery retried with exponential back-off up to <see cref="AlertOptions.WebhookAttempts"/>.
/// </summary>
public sealed class AlertNotifier : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<(AlertPayload Payload, string? RuleWebhook)> _buffer;
    private readonly AlertOptions _options;
    private readonly IEnumerable<IAlertPublisher> _publishers;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly HttpClient _http;
    private readonly List<Task> _deliveries = [];

    public AlertNotifier(IOptions<AlertOptions> options, IEnumerable<IAlertPublisher> publishers, TimeProvider time, ILogger<AlertNotifier> logger)
    {
        _options = options.Value;
        _publishers = publishers;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<(AlertPayload, string?)>(new BoundedChannelOptions(_options.BufferCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = _options.WebhookTimeout };
    }

    /// <summary>Queues a notification; false (and logged) when the buffer is full.</summary>
    public bool Enqueue(Alert alert)
    {
        if (_buffer.Writer.TryWrite((AlertPayload.From(alert), alert.Rule.WebhookUrl)))
        {
            return true;
        }

        MonitoringLog.AlertNotificationDropped(_logger, alert.Model, alert.Rule.Id, alert.Version);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (payload, ruleWebhook) in _buffer.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var publisher in _publishers)
                {
                    publisher.Publish(payload);
                }

                var urls = _options.Webhooks.Concat(ruleWebhook is null ? [] : [ruleWebhook]).Distinct(StringComparer.Ordinal);
                lock (_deliveries)
                {
                    _deliveries.RemoveAll(t => t.IsCompleted);
                    _deliveries.AddRange(urls.Select(url => DeliverAsync(url, payload, stoppingToken)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: deliveries under way are cancelled with it.
        }
    }

    /// <summary>One webhook, one notification: POSTed until a 2xx answer or the attempts run out.</summary>
    private async Task DeliverAsync(string url, AlertPayload payload, CancellationToken cancellationToken)
    {
        var delay = _options.WebhookBackoff;
        for (var attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
        {
            string failure;
            try
            {
                using var response = await _http.PostAsJsonAsync(url, payload, Json, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    MonitoringLog.WebhookDelivered(_logger, payload.Model, payload.RuleId, payload.State, AlertRules.Redact(url), attempt);
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failure = e.GetType().Name;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (attempt == _options.WebhookAttempts)
            {
                MonitoringLog.WebhookGaveUp(_logger, payload.Model, payload.RuleId, payload.State, AlertRules.Redact(url), attempt, failure);
                return;
            }

            MonitoringLog.WebhookRetry(_logger, payload.Model, payload.RuleId, AlertRules.Redact(url), attempt, failure, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay *= 2;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
