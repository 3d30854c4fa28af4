namespace Orleans.Rec.Artifacts;

/// <summary>Key-encryption keys (<c>Rec:Artifacts:Keys</c>). Values are secrets: they are never logged or returned.</summary>
public sealed class ArtifactKeyOptions
{
    /// <summary>The id of the key that wraps new data keys; the local key file's active key when empty.</summary>
    public string? Active { get; set; }

    /// <summary>
    /// Keys by id, each 32 bytes in base64 (<c>Rec:Artifacts:Keys:Kek:ID</c>, environment
    /// <c>Rec__Artifacts__Keys__Kek__ID</c>, which is how Azure Container Apps injects Key Vault secrets).
    /// </summary>
    public Dictionary<string, string> Kek { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether to keep keys in <c>&lt;DataDir&gt;/keys/kek.json</c> (created with mode 0600 on first start).</summary>
    public bool LocalKeyFile { get; set; } = true;
}
