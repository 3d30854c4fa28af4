using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>What the pipeline records in a manifest besides what it measures itself.</summary>
public sealed record ArtifactWriteSettings
{
    public ArtifactCompression Compression { get; init; } = ArtifactCompression.Gzip;

    public ArtifactQuantization Quantization { get; init; }

    public double? Agreement { get; init; }

    public int AgreementK { get; init; }

    public long UploadedBytes { get; init; }

    public string CreatedBy { get; init; } = "anonymous";
}
