namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Gateway limits under <c>Rec:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Rec:Api";

    /// <summary>The most events one <c>POST /v1/events</c> may carry.</summary>
    public int MaxEventsPerBatch { get; set; } = 1000;

    /// <summary>
    /// The largest model artifact accepted by upload. Artifacts travel to the silo in one Orleans message, whose
    /// default limit is 100 MB.
    /// </summary>
    public long MaxArtifactBytes { get; set; } = 95 * 1024 * 1024;

    /// <summary>
    /// How long a recommendation request may take; the deadline travels with the request and the batcher drops
    /// requests that expired while queued. A caller may ask for less with the header <c>X-Request-Timeout-Ms</c>.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the gateway waits for the cluster when checking readiness.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
