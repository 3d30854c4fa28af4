using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// A server started and given the events, waiting for its load windows. Between its windows it is paused (SIGSTOP on
/// every server process), so that a system at rest takes no CPU from the one being measured; it is resumed (SIGCONT)
/// for its own. Disposing resumes it, stops it and releases its clients.
/// </summary>
/// <param name="name">How the progress lines name it (cohosted, gateway, simple).</param>
/// <param name="server">The started process (run.sh, or the baseline).</param>
/// <param name="pids">The processes that serve: paused, resumed and charged for CPU.</param>
/// <param name="api">Where the load goes.</param>
/// <param name="apiKey">The key the load sends, when the server wants one.</param>
/// <param name="control">For the platform: an operator client, to read the version's request and batch counters.</param>
/// <param name="version">For the platform: the active version measured.</param>
public sealed class ServingTarget(string name, ServedProcess server, int[] pids, Uri api, string? apiKey, HttpClient? control = null, int? version = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => name;

    public Uri Api => api;

    public string? ApiKey => apiKey;

    /// <summary>CPU seconds its server processes have used so far.</summary>
    public double CpuSeconds => ProcessCpu.Seconds(pids);

    public string ResidentMemory => string.Join(" + ", pids.Select(p => string.Create(CultureInfo.InvariantCulture, $"{ProcessMemory.ResidentBytes(p) / 1e6:N0} MB")));

    /// <summary>Predictions served and ONNX Runtime runs so far, summed over silos; (0, 0) for a server that does not report them.</summary>
    public async Task<(long Requests, long Batches)> CountersAsync()
    {
        if (control is null || version is null)
        {
            return (0, 0);
        }

        var status = await control.GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture, $"/v1/models/recommender/versions/{version}/status"), Json);
        long requests = 0, batches = 0;
        foreach (var silo in status.GetProperty("silos").EnumerateArray())
        {
            requests += silo.GetProperty("requests").GetInt64();
            batches += silo.GetProperty("batches").GetInt64();
        }

        return (requests, batches);
    }

    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    public void Dispose()
    {
        Resume();
        server.Stop();
        server.Dispose();
        control?.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [signal, .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
        kill.WaitForExit();
    }
}
