namespace Orleans.Rec.Artifacts;

/// <summary>Where model artifacts live. Keys are relative paths such as <c>recommender/3/model.onnx</c>.</summary>
public interface IArtifactStore
{
    /// <summary>Stores (or replaces) the blob at the key; readers never see a partial blob.</summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole blob.</summary>
    /// <exception cref="FileNotFoundException">No blob at the key.</exception>
    Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob exists at the key.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob if present.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
