namespace Orleans.Rec.Alerts;

/// <summary>A destination of alert notifications besides webhooks (the Kafka topic <c>alerts</c>).</summary>
public interface IAlertPublisher
{
    /// <summary>Hands a notification over without waiting for its delivery.</summary>
    void Publish(AlertPayload payload);
}
