using System.Net;
using Microsoft.Extensions.Configuration;

namespace Orleans.Rec.Silo;

/// <summary>
/// What the silo's HTTP server serves, and where. Always <c>/metrics</c> and <c>/dashboard/</c> on
/// <c>Rec:Silo:HttpUrl</c> (default <c>http://127.0.0.1:5081</c>): open there while it is a loopback address
/// (<see cref="TelemetryIsLocal"/>), behind the operator key otherwise (a container's <c>http://0.0.0.0:8081</c>).
/// With <c>Rec:Silo:ServeApi</c> (default on the local profile, off on the cluster profile, where Client.Api gateways
/// front the silos) also the REST API, on <c>ASPNETCORE_URLS</c> (default <c>http://127.0.0.1:5080</c>), where
/// <c>/metrics</c> and <c>/dashboard/</c> need the operator key as on a gateway.
/// </summary>
public sealed record SiloListeners(bool ServesApi, IReadOnlyList<string> Urls, int TelemetryPort, bool TelemetryIsLocal)
{
    /// <summary>Whether the silo serves the REST API itself.</summary>
    public const string ServeApiKey = "Rec:Silo:ServeApi";

    /// <summary>Where the API listens when the silo serves it and nothing else is configured.</summary>
    public const string DefaultApiUrl = "http://127.0.0.1:5080";

    /// <summary>Reads the listeners from configuration (<c>urls</c> is what <c>ASPNETCORE_URLS</c> sets).</summary>
    public static SiloListeners From(IConfiguration configuration)
    {
        var telemetry = configuration[SiloTelemetry.HttpUrlKey] is { Length: > 0 } url ? url : SiloTelemetry.DefaultHttpUrl;
        var telemetryUri = new Uri(telemetry);
        var telemetryPort = telemetryUri.Port;
        var local = IsLoopback(telemetryUri.Host);
        var serveApi = configuration.GetValue<bool?>(ServeApiKey) ?? RecProfiles.Parse(configuration[RecProfiles.Key]) == RecProfile.Local;
        if (!serveApi)
        {
            return new SiloListeners(false, [telemetry], telemetryPort, local);
        }

        var api = configuration["urls"] is { Length: > 0 } urls ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [DefaultApiUrl];
        return new SiloListeners(true, [.. api, telemetry], telemetryPort, local);
    }

    /// <summary>Whether a listener on <paramref name="host"/> can be reached from this machine only.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
