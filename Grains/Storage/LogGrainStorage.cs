using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Rec.Diagnostics;
using Orleans.Storage;

namespace Orleans.Rec.Storage;

/// <summary>
/// Grain storage in an append-only log (<see cref="LogStore"/>): the writes of many grains that arrive together
/// (a Kafka checkpoint persists thousands of profiles) cost one file write and one flush to disk, where
/// <see cref="FileGrainStorage"/> costs a file create and rename each. The ETag is the record's sequence number.
/// <para>
/// State stored by earlier versions in <see cref="FileGrainStorage"/>'s layout under the same root is still read
/// for keys the log has not seen; a key's first write to the log deletes its old file.
/// </para>
/// </summary>
public sealed class LogGrainStorage(
    string name,
    string directory,
    LogGrainStorageOptions options,
    FileGrainStorage files,
    IGrainStorageSerializer serializer,
    ILogger<LogGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly Lock _opening = new();

    // Whether the file layout has a folder for a state name and grain type, looked at once per type: with this
    // storage in place nothing creates one, and a new user's first read then costs no file system call.
    private readonly ConcurrentDictionary<(string StateName, GrainType Type), bool> _typeFolders = new();
    private volatile LogStore? _store;

    /// <summary>Segment tails moved to quarantine when the store opened (empty before it opens).</summary>
    public IReadOnlyList<LogQuarantine> Quarantined => _store?.Quarantined ?? [];

    internal LogStore Store => _store ?? throw new InvalidOperationException($"Log storage '{name}' is not open (it opens when the silo starts).");

    /// <summary>
    /// Opens at application-services start; closes at the very end of the silo's stop (runtime-initialize stage), after
    /// every grain's last write on deactivation.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        var observer = $"{nameof(LogGrainStorage)}-{name}";
        lifecycle.Subscribe(observer, ServiceLifecycleStage.ApplicationServices, _ =>
        {
            Open();
            return Task.CompletedTask;
        });
        lifecycle.Subscribe(observer, ServiceLifecycleStage.RuntimeInitialize, _ => Task.CompletedTask, _ =>
        {
            Dispose();
            return Task.CompletedTask;
        });
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Store.TryRead(KeyOf(stateName, grainId), out var payload, out var etag) && MayHaveFiles(stateName, grainId))
        {
            await files.ReadStateAsync(stateName, grainId, grainState);
            return;
        }

        if (payload is not { } bytes)
        {
            // Never stored, or cleared: the state keeps the default the runtime created.
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToMemory();
        grainState.ETag = await AppendAsync(stateName, grainId, grainState.ETag, payload);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await AppendAsync(stateName, grainId, grainState.ETag, payload: null);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>Takes this storage's share of the folder's store; the silo lifecycle calls it at start.</summary>
    internal void Open()
    {
        lock (_opening)
        {
            _store ??= LogStoreRegistry.Acquire(directory, options, logger);
        }
    }

    public void Dispose()
    {
        lock (_opening)
        {
            if (_store is { } store)
            {
                _store = null;
                LogStoreRegistry.Release(store);
            }
        }
    }

    private bool MayHaveFiles(string stateName, GrainId grainId) =>
        _typeFolders.GetOrAdd((stateName, grainId.Type), _ => Directory.Exists(files.TypeFolderFor(stateName, grainId)));

    internal static string KeyOf(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private async Task<string> AppendAsync(string stateName, GrainId grainId, string? expectedETag, ReadOnlyMemory<byte>? payload)
    {
        var store = Store;
        var key = KeyOf(stateName, grainId);
        var fromFiles = !store.Knows(key) && MayHaveFiles(stateName, grainId);
        var legacyETag = fromFiles ? await files.StoredETagAsync(stateName, grainId) : null;
        var etag = await store.AppendAsync(key, expectedETag, legacyETag, payload);
        if (fromFiles)
        {
            try
            {
                files.Retire(stateName, grainId, deleteFiles: legacyETag is not null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The write is durable and the log now answers for the key: a file left behind is only clutter.
                RecLog.LegacyFileNotDeleted(logger, e, grainId.ToString());
            }
        }

        return etag;
    }
}
