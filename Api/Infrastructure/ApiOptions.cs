namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Gateway limits under <c>Rec:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Rec:Api";

    /// <summary>The most events one <c>POST /v1/events</c> may carry.</summary>
    public int MaxEventsPerBatch { get; set; } = 1000;

    /// <summary>
    /// The largest model artifact accepted by upload (default 2 GiB; larger → 413). Artifacts stream to the silo in
    /// chunks, so this is not bound by the Orleans message size; one ONNX file cannot exceed what one array holds.
    /// </summary>
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Bytes per chunk pushed to the version grain (each one Orleans message).</summary>
    public int UploadChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long a recommendation request may take; the deadline travels with the request and the batcher drops
    /// requests that expired while queued. A caller may ask for less with the header <c>X-Request-Timeout-Ms</c>.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the gateway waits for the cluster when checking readiness.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
