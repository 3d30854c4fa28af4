using System.Runtime.InteropServices;

namespace Orleans.Rec.Storage;

/// <summary>
/// Whole-file writes that a crash (of the process or of the machine) cannot tear, and that survive once they
/// returned: the bytes go to a temporary file beside the target, which is synced, renamed over the target, and then
/// the folder is synced so the rename itself is on disk. Every file the platform replaces whole (grain state files,
/// the local key file, the API key file) is written here; the log store uses <see cref="SyncFolder"/> for its own
/// segment files.
/// </summary>
public static partial class DurableFile
{
    /// <summary>Owner read and write (0600): files that hold keys or user data.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read, write and search (0700): folders that hold keys or user data.</summary>
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const string TempSuffix = ".tmp";

    /// <summary>
    /// Called with the target path after the temporary file is written and synced, before the rename. Only crash
    /// simulations set it (a child process pauses here to be killed); it is null in every host.
    /// </summary>
    internal static Action<string>? BeforeRenameForTests { get; set; }

    /// <summary>
    /// Writes <paramref name="write"/>'s output to <paramref name="path"/> durably (owner-only on Unix). With
    /// <paramref name="overwrite"/> false an existing file is kept and false returned: the first writer wins.
    /// </summary>
    public static bool Write(string path, Action<Stream> write, bool overwrite = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = TempPathFor(path);
        using (var stream = new FileStream(temp, CreateOptions()))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        return Publish(temp, path, overwrite);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> durably, replacing it (owner-only on Unix).</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var temp = TempPathFor(path);
        await using (var stream = new FileStream(temp, CreateOptions(FileOptions.Asynchronous)))
        {
            await stream.WriteAsync(bytes, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        Publish(temp, path, overwrite: true);
    }

    /// <summary>Creates <paramref name="path"/> and any missing parents, owner-only (0700) on Unix; syncs the parent of each created one.</summary>
    public static void CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateFolder(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, OwnerOnlyFolder);
        }

        if (parent is not null)
        {
            SyncFolder(parent);
        }
    }

    /// <summary>
    /// Syncs a folder, so names created, renamed or deleted in it are on disk. A file's own sync does not cover its
    /// name in the folder. No-op on Windows (NTFS journals the rename; there is no folder handle to flush).
    /// </summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET refuses to open a directory as a file handle; open(2) with O_RDONLY takes one on Linux and macOS.
        var fd = Open(folder, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder '{folder}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Syncing folder '{folder}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> in the same folder and syncs the folder.</summary>
    public static void Move(string source, string destination, bool overwrite)
    {
        File.Move(source, destination, overwrite);
        SyncFolder(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    /// <summary>Whether <paramref name="path"/> is a temporary file this class left behind (a crash between write and rename).</summary>
    public static bool IsTemporary(string path) => path.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static string TempPathFor(string path) => $"{path}.{Guid.NewGuid():N}{TempSuffix}";

    private static FileStreamOptions CreateOptions(FileOptions options = FileOptions.None)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = OwnerOnly;
        }

        return create;
    }

    private static bool Publish(string temp, string path, bool overwrite)
    {
        BeforeRenameForTests?.Invoke(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (overwrite)
        {
            File.Move(temp, path, overwrite: true);
        }
        else if (!PublishIfAbsent(temp, path))
        {
            File.Delete(temp);
            return false;
        }

        SyncFolder(folder);
        return true;
    }

    /// <summary>
    /// Gives the temporary file the target's name unless the target exists; false when it did (another writer was
    /// first). .NET's <see cref="File.Move(string, string, bool)"/> without overwrite checks and then renames, so two
    /// processes can both "win"; link(2) fails atomically with EEXIST instead.
    /// </summary>
    private static bool PublishIfAbsent(string temp, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING is atomic there; it reports an existing target by exception.
            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        if (Link(temp, path) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == AlreadyExists
                ? false
                : throw new IOException($"Cannot link '{temp}' to '{path}' (errno {errno}).");
        }

        File.Delete(temp);
        return true;
    }

    private const int ReadOnly = 0;

    // EEXIST: 17 on Linux and macOS.
    private const int AlreadyExists = 17;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
