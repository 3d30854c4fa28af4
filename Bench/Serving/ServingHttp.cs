using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>What the serving benchmark does over HTTP with either server before the load: wait until ready, post the events.</summary>
public static class ServingHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Polls <c>GET /health/ready</c> until 200 (two minutes at most); the server's output is in the timeout's message.</summary>
    public static async Task WaitReadyAsync(HttpClient http, ServedProcess server)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited before it was ready:\n{server.Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server did not become ready:\n{server.Output}");
    }

    /// <summary>All events, in their order, 1,000 per <c>POST /v1/events</c>; throws on the first batch that fails.</summary>
    public static async Task PostEventsAsync(RecApiClient client, EventDto[] events, PhaseLog log)
    {
        log.Write($"posting {events.Length:N0} events");
        var clock = Stopwatch.StartNew();
        foreach (var chunk in events.Chunk(1000))
        {
            var result = await client.PostEventsAsync(chunk);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"posting events failed: {result.Problem}");
            }
        }

        log.Write($"posted in {clock.Elapsed.TotalSeconds:N1} s");
    }

    /// <summary>Events travel through a stream: wait until the last user's profile holds all of its events.</summary>
    public static async Task WaitIngestedAsync(HttpClient http, EventDto[] events, PhaseLog log)
    {
        log.Write("waiting until the profiles hold the events");
        var last = events[^1].UserId;
        var expected = events.Where(e => e.UserId == last).Select(e => e.EventId).Distinct().Count();
        for (var i = 0; i < 600; i++)
        {
            var profile = await http.GetFromJsonAsync<JsonElement>($"/v1/users/{Uri.EscapeDataString(last)}/profile", Json);
            if (profile.GetProperty("eventCount").GetInt64() >= expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("events were not ingested within a minute");
    }

    /// <summary>A loopback port free at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
