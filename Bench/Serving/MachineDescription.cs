using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Orleans.Rec.Bench.Serving;

/// <summary>What a results table says about the machine: CPU model and cores (from <c>lscpu</c>), memory, OS, .NET, load.</summary>
public static class MachineDescription
{
    /// <summary>For example <c>AMD EPYC, 2 cores, 23 GiB, Debian GNU/Linux 12 (bookworm), .NET 10.0.12, load average 0.31</c>.</summary>
    public static string Read()
    {
        var lscpu = Lscpu();
        var model = Field(lscpu, "Model name") ?? "unknown CPU";
        var cores = Field(lscpu, "CPU(s)") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{model}, {cores} cores (lscpu), {memory:N0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
    }

    /// <summary>The 1-minute load average from /proc/loadavg; "?" elsewhere.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Lscpu()
    {
        try
        {
            var info = new ProcessStartInfo("lscpu") { RedirectStandardOutput = true, UseShellExecute = false };
            info.Environment["LC_ALL"] = "C";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No lscpu on this machine.
            return "";
        }
    }

    private static string? Field(string lscpu, string name) =>
        lscpu.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
}
