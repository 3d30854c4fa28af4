namespace Orleans.Rec.Alerts;

/// <summary>Settings under <c>Rec:Alerts</c>: where fire and resolve notifications go.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Rec:Alerts";

    /// <summary>Webhooks POSTed every notification (JSON), besides a rule's own <c>webhookUrl</c>.</summary>
    public List<string> Webhooks { get; set; } = [];

    /// <summary>Attempts per webhook and notification before giving up.</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time limit of one webhook call.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Notifications waiting for delivery before new ones are dropped (and logged).</summary>
    public int BufferCapacity { get; set; } = 1000;

    /// <summary>Resolved alerts kept per model.</summary>
    public int ResolvedKept { get; set; } = 500;
}
