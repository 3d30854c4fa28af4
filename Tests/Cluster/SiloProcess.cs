using System.Globalization;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// One silo that <c>infra/local-cluster.sh</c> started (its own session, not a child of the test): its number, pid,
/// ports and log file under the cluster's data folder.
/// </summary>
public sealed class SiloProcess(int number, int pid, int siloPort, int gatewayPort, string logFile)
{
    public string Name => $"silo-{number}";

    public int Number => number;

    public int Pid => pid;

    /// <summary>Silo-to-silo port: the port of this silo's <c>SiloAddress</c> in the membership.</summary>
    public int SiloPort => siloPort;

    public int GatewayPort => gatewayPort;

    /// <summary>Gone, or a zombie its parent has not reaped yet.</summary>
    public bool HasExited => HasProcessExited(pid);

    public string Output
    {
        get
        {
            try
            {
                using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }
    }

    public bool IsAddress(SiloAddress address) => address.Endpoint.Port == siloPort;

    /// <summary>SIGKILL: no graceful shutdown, no membership update, no state written.</summary>
    public void Kill() => Signal("KILL");

    /// <summary>SIGTERM: the silo leaves the cluster and writes its grain state.</summary>
    public void Terminate() => Signal("TERM");

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var stopped = await Eventually.GetAsync(() => Task.FromResult(HasExited), exited => exited, timeout);
        return stopped;
    }

    public static bool HasProcessExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private void Signal(string signal)
    {
        if (!HasExited)
        {
            using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }
}
