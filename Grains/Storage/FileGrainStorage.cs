using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Diagnostics;
using Orleans.Storage;

namespace Orleans.Rec.Storage;

/// <summary>
/// Grain storage in plain files: one JSON document per grain, written to a temporary file and renamed over the
/// old one, so a crash leaves either the old or the new state, never half of one. The ETag is a hash of the
/// stored bytes; a write whose ETag does not match the file on disk is refused.
/// <para>
/// Files of one grain type are spread over 256 shard folders (<c>state/type/xx/key.json</c>): every create and
/// rename locks its folder, and with tens of thousands of profiles in one folder the writes of a checkpoint queued on
/// that one lock. Files written before sharding (<c>state/type/key.json</c>) are still read, and removed once the
/// grain writes its sharded file.
/// </para>
/// </summary>
public sealed class FileGrainStorage(
    string name,
    FileGrainStorageOptions options,
    IGrainStorageSerializer serializer,
    ILogger<FileGrainStorage> logger) : IGrainStorage
{
    private const string NoFile = "";

    // One writer per file inside this process; the ETag check guards against other processes.
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    // The ETag of each file as this process last read or wrote it: a write compares against it instead of reading
    // the file back first. The data folder belongs to one process (all local silos of a test cluster share it).
    // A file this process found missing is known too (as NoFile), so a new grain's first write reads nothing back.
    private static readonly ConcurrentDictionary<string, string> KnownETags = new(StringComparer.Ordinal);

    // Pre-sharding files read by this process, by their sharded path: deleted after the first sharded write.
    private static readonly ConcurrentDictionary<string, string> LegacyFiles = new(StringComparer.Ordinal);

    // Folders known to exist, so a write does not ask the file system each time.
    private static readonly ConcurrentDictionary<string, bool> KnownFolders = new(StringComparer.Ordinal);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        // Most first activations find no file (a new user): a stat is far cheaper than the exception of a failed open.
        var bytes = File.Exists(path) ? await ReadIfExistsAsync(path) : null;
        if (bytes is null && LegacyPathFor(stateName, grainId) is var legacy && File.Exists(legacy))
        {
            bytes = await ReadIfExistsAsync(legacy);
            if (bytes is not null)
            {
                LegacyFiles[path] = legacy;
            }
        }

        if (bytes is null)
        {
            // Nothing stored yet: the state keeps the default the runtime created.
            KnownETags[path] = NoFile;
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes));
        grainState.ETag = ETagOf(bytes);
        KnownETags[path] = grainState.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var bytes = serializer.Serialize(grainState.State).ToArray();
        var stripe = StripeFor(path);
        await stripe.WaitAsync();
        try
        {
            var onDisk = KnownETags.TryGetValue(path, out var known)
                ? (known == NoFile ? null : known)
                : await CurrentETagAsync(path) ?? await CurrentETagAsync(LegacyPathFor(stateName, grainId));
            if (onDisk != grainState.ETag)
            {
                throw new InconsistentStateException(
                    $"File storage '{name}': state of {grainId} changed on disk (stored ETag {onDisk ?? "none"}, grain has {grainState.ETag ?? "none"}).",
                    onDisk, grainState.ETag);
            }

            var folder = Path.GetDirectoryName(path)!;
            if (!KnownFolders.ContainsKey(folder))
            {
                DurableFile.CreateFolder(folder);
                KnownFolders[folder] = true;
            }

            // Written whole and synced, renamed over the old file, the folder synced: a crash leaves the old or the
            // new state, and a write that returned survives a power loss. (Profiles at stream rate go to the log
            // store, which syncs a whole group of writes at once.)
            await DurableFile.WriteAsync(path, bytes);
            if (LegacyFiles.TryRemove(path, out var legacy))
            {
                File.Delete(legacy);
            }

            grainState.ETag = ETagOf(bytes);
            KnownETags[path] = grainState.ETag;
            grainState.RecordExists = true;
        }
        finally
        {
            stripe.Release();
        }

        RecLog.StateWritten(logger, name, grainId.ToString(), bytes.Length);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var stripe = StripeFor(path);
        await stripe.WaitAsync();
        try
        {
            var onDisk = await CurrentETagAsync(path);
            if (onDisk is not null && onDisk != grainState.ETag)
            {
                throw new InconsistentStateException(
                    $"File storage '{name}': state of {grainId} changed on disk before it was cleared.", onDisk, grainState.ETag);
            }

            File.Delete(path);
            File.Delete(LegacyPathFor(stateName, grainId));
            if (Directory.Exists(Path.GetDirectoryName(path)))
            {
                // A cleared state must not come back after a power loss.
                DurableFile.SyncFolder(Path.GetDirectoryName(path)!);
            }

            LegacyFiles.TryRemove(path, out _);
            KnownETags.TryRemove(path, out _);
        }
        finally
        {
            stripe.Release();
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>The ETag of the grain's file (or pre-sharding file), or <c>null</c> when it has none.</summary>
    internal async Task<string?> StoredETagAsync(string stateName, GrainId grainId)
    {
        var path = PathFor(stateName, grainId);
        return KnownETags.TryGetValue(path, out var known)
            ? (known == NoFile ? null : known)
            : await CurrentETagAsync(path) ?? await CurrentETagAsync(LegacyPathFor(stateName, grainId));
    }

    /// <summary>Forgets the grain's files once another store holds its state, deleting them if there were any.</summary>
    internal void Retire(string stateName, GrainId grainId, bool deleteFiles)
    {
        var path = PathFor(stateName, grainId);
        if (deleteFiles)
        {
            File.Delete(path);
            File.Delete(LegacyPathFor(stateName, grainId));
        }

        LegacyFiles.TryRemove(path, out _);
        KnownETags.TryRemove(path, out _);
    }

    internal string PathFor(string stateName, GrainId grainId)
    {
        var key = SafeSegment(grainId.Key.ToString()!);
        return Path.Combine(TypeFolderFor(stateName, grainId), ShardOf(key), key + ".json");
    }

    /// <summary>Where the file was before sharding.</summary>
    internal string LegacyPathFor(string stateName, GrainId grainId) =>
        Path.Combine(TypeFolderFor(stateName, grainId), SafeSegment(grainId.Key.ToString()!) + ".json");

    /// <summary>The folder that holds every file of one state name and grain type.</summary>
    internal string TypeFolderFor(string stateName, GrainId grainId) =>
        Path.Combine(options.RootDirectory, SafeSegment(stateName), SafeSegment(grainId.Type.ToString()!));

    /// <summary>The shard folder of a file name: two hex digits of a hash that is the same in every process (FNV-1a).</summary>
    internal static string ShardOf(string segment)
    {
        var hash = 2166136261u;
        foreach (var c in segment)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return ((byte)(hash ^ (hash >> 8) ^ (hash >> 16) ^ (hash >> 24))).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A file-name-safe form of any key: readable characters are kept; anything else (and over-long keys) is
    /// replaced by a hash so two different keys never share a file.
    /// </summary>
    internal static string SafeSegment(string value)
    {
        var builder = new StringBuilder(value.Length);
        var changed = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('_');
                changed = true;
            }
        }

        if (value.Length == 0 || value.StartsWith('.'))
        {
            changed = true;
        }

        if (!changed && value.Length <= 100)
        {
            return value;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        var prefix = builder.ToString().TrimStart('.');
        return $"{prefix[..Math.Min(prefix.Length, 60)]}~{hash}";
    }

    private static async Task<byte[]?> ReadIfExistsAsync(string path)
    {
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<string?> CurrentETagAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ETagOf(await File.ReadAllBytesAsync(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string ETagOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..24];

    private static SemaphoreSlim StripeFor(string path) => Stripes[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)Stripes.Length];
}
