using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>
/// Continuous recommendation requests through the gateway from a few concurrent callers, each request recorded with
/// when it started and how it ended, so a test can compute the error rate over any window.
/// </summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly ConcurrentQueue<LoadOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _callers;

    public LoadGenerator(HttpClient http, string[] users, string model, int callers = 4)
    {
        _callers = Enumerable.Range(0, callers).Select(c => Task.Run(() => CallAsync(http, users, model, c, _stop.Token))).ToArray();
    }

    /// <summary>Seconds since the load started (the time base of <see cref="LoadOutcome"/>).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public int Succeeded => _outcomes.Count(o => o.Status == HttpStatusCode.OK);

    public IReadOnlyList<LoadOutcome> Outcomes => [.. _outcomes];

    /// <summary>Stops the callers and waits for the requests in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
        _stop.Dispose();
    }

    private async Task CallAsync(HttpClient http, string[] users, string model, int caller, CancellationToken stop)
    {
        for (var i = caller; !stop.IsCancellationRequested; i += _callers.Length)
        {
            var started = Now;
            HttpStatusCode? status;
            try
            {
                using var response = await http.GetAsync($"/v1/users/{users[i % users.Length]}/recommendations?k=2&model={model}", CancellationToken.None);
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = null;
            }
            catch (TaskCanceledException)
            {
                status = HttpStatusCode.RequestTimeout;
            }

            _outcomes.Enqueue(new LoadOutcome(started, Now, status));
        }
    }
}
