using System.Diagnostics;
using System.Net;

namespace Orleans.Rec.Bench.Serving;

/// <summary>A closed-loop HTTP load: N connections, each sends its next request as soon as the previous one answers.</summary>
public static class LoadGenerator
{
    public sealed record Result(double RequestsPerSecond, double P50, double P95, double P99, long Requests, long Errors);

    public static async Task<Result> RunAsync(Uri baseUri, string[] users, int connections, TimeSpan warmup, TimeSpan duration, int k = 10, string? apiKey = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            // The gateway wants a shop or operator key (X-Api-Key); the baseline server ignores it.
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var measuring = false;
        var stop = false;
        var errors = 0L;
        var latencies = new List<double>[connections];
        var workers = Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(1 << 16);
            var random = new Random(c);
            while (!Volatile.Read(ref stop))
            {
                var user = users[random.Next(users.Length)];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync($"/v1/users/{Uri.EscapeDataString(user)}/recommendations?k={k}", HttpCompletionOption.ResponseContentRead);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })).ToArray();

        await Task.Delay(warmup);
        Interlocked.Exchange(ref errors, 0);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new Result(all.Length / elapsed, At(0.50), At(0.95), At(0.99), all.Length, Interlocked.Read(ref errors));
    }
}
