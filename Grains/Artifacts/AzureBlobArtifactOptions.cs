namespace Orleans.Rec.Artifacts;

/// <summary>The Azure Blob artifact store (<c>Rec:Artifacts:AzureBlob</c>).</summary>
public sealed class AzureBlobArtifactOptions
{
    /// <summary>A storage connection string (Azurite, or a key-based account). Wins over <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. <c>https://account.blob.core.windows.net</c>; authenticated with DefaultAzureCredential (managed identity in Azure).</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The container holding the artifacts; created when absent.</summary>
    public string Container { get; set; } = "artifacts";

    /// <summary>Optional blob service API version to pin, e.g. <c>V2026_06_06</c> for emulators that lag the SDK.</summary>
    public string? ServiceVersion { get; set; }
}
