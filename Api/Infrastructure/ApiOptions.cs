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

    /// <summary>
    /// The largest model config part of an upload (item ids of large catalogues). An upload's body may be at most
    /// <see cref="MaxArtifactBytes"/> + this + <see cref="UploadFramingBytes"/>.
    /// </summary>
    public const int MaxConfigBytes = 256 * 1024 * 1024;

    /// <summary>What an upload's body may hold besides the artifact and the config: small fields and the form's framing.</summary>
    public const long UploadFramingBytes = 1024 * 1024;

    /// <summary>The largest body of a route without a limit of its own (config, traffic, alert rules); larger → 413.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body of <c>POST /v1/events</c> (1000 events of five 256-character ids fit in 2 MiB).</summary>
    public long MaxEventsBodyBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>The largest body of an Open Inference Protocol <c>infer</c> request (history rows as JSON numbers).</summary>
    public long MaxInferBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The deepest nesting a JSON body may have (an event batch is 3 deep, an infer request 5).</summary>
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>The largest body of a model upload, from <see cref="MaxArtifactBytes"/>.</summary>
    public long MaxUploadBodyBytes => MaxArtifactBytes + MaxConfigBytes + UploadFramingBytes;

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
