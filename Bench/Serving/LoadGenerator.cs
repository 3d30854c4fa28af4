using System.Diagnostics;

namespace Orleans.Rec.Bench.Serving;

/// <summary>A closed-loop HTTP load: N connections, each sends its next request as soon as the previous one answers.</summary>
public static class LoadGenerator
{
    /// <summary>The measured windows of one system, merged (warm-ups excluded).</summary>
    /// <param name="RequestsPerSecond">2xx answers per second of measured time.</param>
    /// <param name="P50">Median latency of the 2xx answers, ms.</param>
    /// <param name="P95">95th percentile, ms.</param>
    /// <param name="P99">99th percentile, ms.</param>
    /// <param name="Requests">2xx answers counted.</param>
    /// <param name="Non2xx">Answers with another status.</param>
    /// <param name="NoAnswer">Requests that got no answer (connection error, or none within 30 s).</param>
    public sealed record Result(double RequestsPerSecond, double P50, double P95, double P99, long Requests, long Non2xx, long NoAnswer)
    {
        /// <summary>Requests that did not end in a 2xx answer.</summary>
        public long Errors => Non2xx + NoAnswer;

        /// <summary>Throughput and percentiles over all <paramref name="windows"/> together: every latency counts once.</summary>
        public static Result Merge(IReadOnlyCollection<Window> windows)
        {
            ArgumentNullException.ThrowIfNull(windows);
            var all = windows.SelectMany(w => w.Latencies).Order().ToArray();
            double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
            var seconds = windows.Sum(w => w.Seconds);
            return new Result(all.Length / seconds, At(0.50), At(0.95), At(0.99), all.Length, windows.Sum(w => w.Non2xx), windows.Sum(w => w.NoAnswer));
        }
    }

    /// <summary>
    /// One measured window: the 2xx latencies (ms), when each answer came (seconds into the window, same order), the
    /// failures and its length.
    /// </summary>
    public sealed record Window(double[] Latencies, double[] AnsweredAt, long Non2xx, long NoAnswer, double Seconds)
    {
        public double RequestsPerSecond => Latencies.Length / Seconds;
    }

    /// <summary>
    /// Loads the server for <paramref name="warmup"/>, then measures <paramref name="duration"/>; returns when every
    /// connection has its last answer. Connection c draws its users from seed (<paramref name="round"/>, c), so every
    /// system measured in the same round is asked for the same users in the same order.
    /// </summary>
    public static async Task<Window> RunAsync(Uri baseUri, string[] users, int connections, TimeSpan warmup, TimeSpan duration, int round, PhaseLog log, int k = 10, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            // The platform wants a shop or operator key (X-Api-Key); the baseline server ignores it.
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var measuring = false;
        var stop = false;
        var non2xx = 0L;
        var noAnswer = 0L;
        var latencies = new List<double>[connections];
        var answeredAt = new List<double>[connections];
        var measuredFrom = 0L;
        var workers = Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(1 << 14);
            var mineAt = answeredAt[c] = new List<double>(1 << 14);
            var random = new Random((round * 7919) + c);
            while (!Volatile.Read(ref stop))
            {
                var user = users[random.Next(users.Length)];
                var started = Stopwatch.GetTimestamp();
                bool succeeded;
                try
                {
                    using var response = await http.GetAsync($"/v1/users/{Uri.EscapeDataString(user)}/recommendations?k={k}", HttpCompletionOption.ResponseContentRead);
                    succeeded = response.IsSuccessStatusCode;
                    if (!succeeded && Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref non2xx);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // TaskCanceledException: HttpClient's own timeout (nothing else cancels these requests).
                    succeeded = false;
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref noAnswer);
                    }
                }

                if (succeeded && Volatile.Read(ref measuring))
                {
                    var answered = Stopwatch.GetTimestamp();
                    mine.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
                    mineAt.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref measuredFrom), answered).TotalSeconds);
                }
            }
        })).ToArray();

        await Task.Delay(warmup);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuredFrom, Stopwatch.GetTimestamp());
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);

        var window = new Window([.. latencies.SelectMany(l => l)], [.. answeredAt.SelectMany(a => a)], Interlocked.Read(ref non2xx), Interlocked.Read(ref noAnswer), elapsed);
        log.Write($"{window.RequestsPerSecond:N0} requests/s over {elapsed:N1} s (after {warmup.TotalSeconds:N0} s warm-up), {window.Non2xx} non-2xx, {window.NoAnswer} without an answer");
        return window;
    }
}
