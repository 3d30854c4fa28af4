using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Orleans.Rec.Storage;

/// <summary>
/// One segment file of a <see cref="LogStore"/>. <see cref="Length"/> and <see cref="LiveBytes"/> change under the
/// store's lock; records are read with positional reads on <see cref="Handle"/>.
/// </summary>
internal sealed class LogSegment(int id, string path, SafeFileHandle handle, long length)
{
    public const string Extension = ".seg";

    public int Id { get; } = id;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Bytes written and synced (the next group's offset).</summary>
    public long Length { get; set; } = length;

    /// <summary>Bytes of the records the index points at; the rest is garbage for compaction.</summary>
    public long LiveBytes { get; set; }

    public static string FileName(int id) => id.ToString("D8", CultureInfo.InvariantCulture) + Extension;

    public static int? IdOf(string path) =>
        int.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static LogSegment Open(string folder, int id)
    {
        var path = System.IO.Path.Combine(folder, FileName(id));
        if (!File.Exists(path))
        {
            // Created owner-only, and its name made durable: a synced record in a file whose folder entry is lost
            // after a power cut would be lost with it.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = DurableFile.OwnerOnly;
            }

            new FileStream(path, create).Dispose();
            DurableFile.SyncFolder(folder);
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        return new LogSegment(id, path, handle, RandomAccess.GetLength(handle));
    }

    /// <summary>
    /// Reads the records from the start in order and stops at the end or at the first record that is torn or
    /// corrupt: <paramref name="stopped"/> then gets its offset, and whether the record ran past the end of the file
    /// (incomplete) rather than reading back wrong.
    /// </summary>
    public IEnumerable<LogRecord> Scan(Action<long, bool> stopped)
    {
        var fileLength = RandomAccess.GetLength(Handle);
        var buffer = new byte[4 << 20];
        long bufferStart = 0;
        var buffered = 0;
        long position = 0;
        var incomplete = false;
        while (position < fileLength)
        {
            if (!Fill(LogRecord.HeaderBytes))
            {
                incomplete = true;
                break;
            }

            var length = LogRecord.LengthFromHeader(buffer.AsSpan((int)(position - bufferStart)));
            if (length < 0)
            {
                break;
            }

            if (position + length > fileLength)
            {
                incomplete = true;
                break;
            }

            if (length > buffer.Length)
            {
                buffer = new byte[length];
                buffered = 0;
            }

            if (!Fill(length) || !LogRecord.TryParse(buffer.AsMemory((int)(position - bufferStart), length), position, out var record))
            {
                break;
            }

            yield return record;
            position += length;
        }

        stopped(position, incomplete);

        // Makes the bytes [position, position + count) present in the buffer, reading from position if they are not.
        bool Fill(int count)
        {
            if (position >= bufferStart && position + count <= bufferStart + buffered)
            {
                return true;
            }

            bufferStart = position;
            buffered = 0;
            while (buffered < buffer.Length)
            {
                var read = RandomAccess.Read(Handle, buffer.AsSpan(buffered), bufferStart + buffered);
                if (read == 0)
                {
                    break;
                }

                buffered += read;
            }

            return count <= buffered;
        }
    }
}
