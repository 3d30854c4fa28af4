namespace Orleans.Rec.Artifacts;

/// <summary>Where artifacts are stored (<c>Rec:Artifacts:Store</c>).</summary>
public enum ArtifactStoreKind
{
    /// <summary>Files under <c>&lt;DataDir&gt;/artifacts/</c>.</summary>
    Local,

    /// <summary>Blobs in an Azure Storage container.</summary>
    AzureBlob,
}
