using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// The Azurite blob emulator (npm <c>azurite@3.37.0</c>): installed by <c>.ci/run</c> into <c>.ci-work/azurite</c>,
/// or by the first test that needs it when npm is on the PATH.
/// </summary>
public static class Azurite
{
    public const string Version = "3.37.0";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<string?> MissingReasonValue = new(Install);

    public static string InstallFolder => Path.Combine(Repository.Root, ".ci-work", "azurite");

    public static string BlobExecutable => Path.Combine(InstallFolder, "node_modules", ".bin", "azurite-blob");

    /// <summary>All three services (blob, queue, table) in one process: what the Cluster profile needs.</summary>
    public static string Executable => Path.Combine(InstallFolder, "node_modules", ".bin", "azurite");

    /// <summary>Null when Azurite can run; otherwise why not (the tests that need it skip with this reason).</summary>
    public static string? MissingReason => MissingReasonValue.Value;

    public static string ConnectionString(int port) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");

    /// <summary>A connection string with blob and table endpoints (the Cluster profile's storage account).</summary>
    public static string ConnectionString(int blobPort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    /// <summary>Starts a blob emulator on a free port over a fresh folder; returns when it accepts connections.</summary>
    public static async Task<(ChildProcess Process, int Port)> StartAsync(string location)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(BlobExecutable,
        [
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--silent", "--loose",
        ]);
        return (await WaitForPortAsync(process, port), port);
    }

    /// <summary>Starts blob, queue and table emulators on free ports over a fresh folder; returns when the table port accepts connections.</summary>
    public static async Task<(ChildProcess Process, int BlobPort, int TablePort)> StartAllAsync(string location)
    {
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        return (await StartAllAsync(location, blob, queue, table), blob, table);
    }

    /// <summary>Starts blob, queue and table emulators on the given ports (a restart over the same folder keeps the data).</summary>
    public static async Task<ChildProcess> StartAllAsync(string location, int blob, int queue, int table)
    {
        var process = ChildProcess.Start(Executable,
        [
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--silent", "--loose",
        ]);
        await WaitForPortAsync(process, blob);
        return await WaitForPortAsync(process, table);
    }

    private static async Task<ChildProcess> WaitForPortAsync(ChildProcess process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start:\n{process.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Dispose();
        throw new TimeoutException($"Azurite did not listen on {port} within 60 s:\n{process.Output}");
    }

    private static string? Install()
    {
        if (File.Exists(BlobExecutable))
        {
            return null;
        }

        try
        {
            using var npm = ChildProcess.Start("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", InstallFolder, $"azurite@{Version}"]);
            var code = npm.WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            return code == 0 && File.Exists(BlobExecutable)
                ? null
                : $"Azurite could not be installed (npm install azurite@{Version} exited with {code?.ToString(CultureInfo.InvariantCulture) ?? "timeout"}); run .ci/run or install it into {InstallFolder}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"Azurite is not installed in {InstallFolder} and npm cannot run ({e.Message})";
        }
    }
}
