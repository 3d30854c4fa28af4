namespace Orleans.Rec.Artifacts;

/// <summary>
/// Where artifacts live. Keys are relative paths such as <c>recommender/3/model.onnx.enc</c>. Stores hold only
/// ciphertext, wrapped keys and manifests; they never see a plaintext model.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Stores (or replaces) the blob at the key with what <paramref name="write"/> writes to the stream it is given;
    /// readers never see a partial blob, and nothing is stored when <paramref name="write"/> throws.
    /// </summary>
    Task WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) a small blob.</summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(key, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>Opens the blob for sequential reading.</summary>
    /// <exception cref="FileNotFoundException">No blob at the key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole (small) blob.</summary>
    /// <exception cref="FileNotFoundException">No blob at the key.</exception>
    Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The blob's size, or null when there is none.</summary>
    Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob exists at the key.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob if present.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every key under a prefix (e.g. <c>""</c> for all), in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
