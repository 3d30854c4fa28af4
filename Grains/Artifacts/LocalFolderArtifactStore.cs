namespace Orleans.Rec.Artifacts;

/// <summary>Artifacts as files under <c>&lt;DataDir&gt;/artifacts/</c> (the local profile).</summary>
public sealed class LocalFolderArtifactStore(string rootDirectory) : IArtifactStore
{
    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = Resolve(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(content, cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
    }

    public Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(Resolve(key), cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(Resolve(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(Resolve(key));
        return Task.CompletedTask;
    }

    /// <summary>Maps a key to a path, refusing keys that would escape the root.</summary>
    private string Resolve(string key)
    {
        var path = Path.GetFullPath(Path.Combine(RootDirectory, key));
        if (!path.StartsWith(RootDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact key '{key}' points outside the artifact folder.", nameof(key));
        }

        return path;
    }
}
