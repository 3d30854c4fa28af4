using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// A throw-away redis-server (Debian package <c>redis-server</c>, installed by <c>.ci/run</c>) on a free loopback
/// port, without persistence: the data lives as long as the process.
/// </summary>
public static class RedisServer
{
    public const string Executable = "/usr/bin/redis-server";

    /// <summary>Null when redis-server can run; otherwise why not (the tests that need it skip with this reason).</summary>
    public static string? MissingReason => File.Exists(Executable) ? null : $"{Executable} is not installed (apt-get install redis-server; .ci/run does)";

    /// <summary>Starts a server on a free port; returns when it accepts connections.</summary>
    public static async Task<(ChildProcess Process, int Port)> StartAsync()
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(Executable,
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        ]);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start:\n{process.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return (process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Dispose();
        throw new TimeoutException($"redis-server did not listen on {port} within 30 s:\n{process.Output}");
    }
}
