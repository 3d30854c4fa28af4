namespace Orleans.Rec.Tools.Api;

/// <summary>The optional upload form fields and a progress sink for the artifact bytes sent.</summary>
public sealed record UploadSettings
{
    /// <summary><c>none</c>, <c>fp16</c> or <c>int8</c>; not sent when null (the gateway's default is none).</summary>
    public string? Quantization { get; init; }

    /// <summary><c>gzip</c> or <c>zstd</c>; not sent when null (the gateway's default is gzip).</summary>
    public string? Compression { get; init; }

    /// <summary>A compression-report.json (from <c>rec compress</c>) to send as the <c>report</c> part; not sent when null.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Lineage: the version it was made from, sent as the <c>parent</c> part with <see cref="Relation"/>; not sent when null.</summary>
    public int? Parent { get; init; }

    /// <summary>Lineage: how it was made from <see cref="Parent"/> (fine-tuned, quantized, pruned, distilled, compressed).</summary>
    public string? Relation { get; init; }

    /// <summary>Receives the number of artifact bytes sent so far.</summary>
    public IProgress<long>? Progress { get; init; }
}
