namespace Orleans.Rec.Artifacts;

/// <summary>How artifacts are stored, protected and quantized (<c>Rec:Artifacts</c>).</summary>
public sealed class ArtifactOptions
{
    public const string SectionName = "Rec:Artifacts";

    /// <summary>The store: <c>Local</c> (default) or <c>AzureBlob</c>.</summary>
    public ArtifactStoreKind Store { get; set; } = ArtifactStoreKind.Local;

    /// <summary>The Azure Blob store, when <see cref="Store"/> is <c>AzureBlob</c>.</summary>
    public AzureBlobArtifactOptions AzureBlob { get; set; } = new();

    /// <summary>Key-encryption keys.</summary>
    public ArtifactKeyOptions Keys { get; set; } = new();

    /// <summary>The lowest top-k agreement with the uploaded model a quantized version may have.</summary>
    public double MinimumAgreement { get; set; } = 0.97;

    /// <summary>How many probe histories measure the agreement.</summary>
    public int ProbeHistories { get; set; } = 200;

    /// <summary>Plaintext bytes per encrypted segment.</summary>
    public int SegmentBytes { get; set; } = SegmentedAesGcm.DefaultSegmentBytes;
}
