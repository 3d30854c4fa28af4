namespace Orleans.Rec.Artifacts;

/// <summary>The key-encryption keys (KEKs) a silo or tool holds, by id. Keys never leave this abstraction in logs or results.</summary>
public interface IKeyEncryptionKeys
{
    /// <summary>The id of the key that wraps new data keys.</summary>
    string ActiveKeyId { get; }

    /// <summary>Every key id known, active first.</summary>
    IReadOnlyList<string> KeyIds { get; }

    /// <summary>The 32-byte key with that id; false when unknown.</summary>
    bool TryGetKey(string keyId, out byte[] key);
}
