using System.Runtime.CompilerServices;

namespace Orleans.Rec.Artifacts;

/// <summary>Artifacts as files under <c>&lt;DataDir&gt;/artifacts/</c> (the local profile); writes go to a temp file renamed into place.</summary>
public sealed class LocalFolderArtifactStore(string rootDirectory) : IArtifactStore
{
    private const int BufferBytes = 1 << 16;

    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    public async Task WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = Resolve(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var committed = false;
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            committed = true;
        }
        finally
        {
            // A failed writer leaves the previous blob (if any) in place and no partial one.
            if (!committed)
            {
                File.Delete(temp);
            }
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new FileStream(Resolve(key), FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan));

    public Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(Resolve(key), cancellationToken);

    public Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(Resolve(key));
        return Task.FromResult<long?>(info.Exists ? info.Length : null);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(Resolve(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(Resolve(key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(RootDirectory))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(RootDirectory, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(RootDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(".tmp", StringComparison.Ordinal))
            {
                yield return key;
            }
        }
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
