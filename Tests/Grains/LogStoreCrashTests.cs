using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

/// <summary>
/// The log store in a real process killed with SIGKILL while writers append: recovery in this process finds every
/// acknowledged write, and whatever the kill cut short is at most a torn tail, never damage.
/// </summary>
public sealed class LogStoreCrashTests : IDisposable
{
    private const int Writers = 4;
    private readonly TempDirectory _dir = new("rec-log-crash");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KilledWhileAppending_RecoveryKeepsEveryAcknowledgedWrite()
    {
        var folder = Path.Combine(_dir.Path, "log");
        using (var writer = ChildProcess.Start("dotnet", [Repository.CrashWriter, "log", folder, Writers.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            // Killed mid-stream: writes are queued, being written and being synced at that moment.
            var acked = await Eventually.GetAsync(() => Task.FromResult(Acknowledged(writer.Output).Values.Sum(v => v + 1)), n => n >= 200 || writer.HasExited, TimeSpan.FromSeconds(60));
            Assert.True(acked >= 200, $"{acked} writes acknowledged:\n{writer.Output[^Math.Min(writer.Output.Length, 2000)..]}");
            writer.Kill();
            await writer.WaitAsync(TimeSpan.FromSeconds(30));
            var acknowledged = Acknowledged(writer.Output);

            using var store = LogStore.Open(folder, new LogGrainStorageOptions(), NullLogger.Instance);

            Assert.All(store.Quarantined, q => Assert.True(q.Torn, $"{q.Path}: {q.Bytes} bytes at {q.Offset} not torn"));
            Assert.Equal(Writers, acknowledged.Count);
            foreach (var (key, value) in acknowledged)
            {
                // The newest acknowledged value, or the next one: a writer starts its next write only after printing,
                // so at most one write was in flight, and it may have reached the disk.
                Assert.True(store.TryRead(key, out var payload, out _), key);
                Assert.InRange(int.Parse(Encoding.UTF8.GetString(payload!.Value.Span), System.Globalization.CultureInfo.InvariantCulture), value, value + 1);
            }
        }
    }

    /// <summary>Each writer's highest acknowledged value.</summary>
    private static Dictionary<string, int> Acknowledged(string output)
    {
        var acked = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["acked", var key, var value] && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                acked[key] = Math.Max(acked.GetValueOrDefault(key, -1), v);
            }
        }

        return acked;
    }
}
