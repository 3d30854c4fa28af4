using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Storage;

/// <summary>
/// The open <see cref="LogStore"/>s of this process by full folder path: the silos of an in-process test cluster
/// share one data folder, so they share its store; the last one to let go closes it.
/// </summary>
internal static class LogStoreRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (LogStore Store, int Users)> Open = new(StringComparer.Ordinal);

    /// <summary>The folder's store, opened with <paramref name="options"/> if no one in this process has it open.</summary>
    public static LogStore Acquire(string folder, LogGrainStorageOptions options, ILogger logger)
    {
        var path = Path.GetFullPath(folder);
        lock (Gate)
        {
            if (Open.TryGetValue(path, out var open))
            {
                Open[path] = (open.Store, open.Users + 1);
                return open.Store;
            }

            var store = LogStore.Open(path, options, logger);
            Open[path] = (store, 1);
            return store;
        }
    }

    public static void Release(LogStore store)
    {
        lock (Gate)
        {
            var open = Open[store.Folder];
            if (open.Users > 1)
            {
                Open[store.Folder] = (store, open.Users - 1);
                return;
            }

            Open.Remove(store.Folder);

            // Closed under the lock, so a store opened right after finds the lock file free.
            store.Dispose();
        }
    }
}
