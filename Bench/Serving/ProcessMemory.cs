using System.Globalization;

namespace Orleans.Rec.Bench.Serving;

/// <summary>Resident memory of processes, read from /proc (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>The process's resident set (<c>VmRSS</c>) in bytes; 0 when it is gone or /proc does not say.</summary>
    public static long ResidentBytes(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? 0 : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            // The process exited while being read.
            return 0;
        }
    }
}
