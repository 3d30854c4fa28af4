using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoint for each silo's process resources (the <c>/ops</c> page shows them).</summary>
public static class SilosApi
{
    public static IEndpointRouteBuilder MapSilosApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/silos", SilosAsync).WithTags("Monitoring")
            .WithSummary("Every active silo's process now: CPU, working set, GC heap and pause, thread-pool queue, Kafka lag and dead letters, GPU where present");
        return app;
    }

    internal static async Task<Ok<SilosResponse>> SilosAsync(IClusterClient client)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var reads = await Task.WhenAll(hosts.Keys.Select(h => ReadAsync(client, h.ToParsableString())));
        return TypedResults.Ok(new SilosResponse(
            reads.Where(r => r.Resources is not null).Select(r => SiloResourcesResponse.From(r.Resources!)).OrderBy(r => r.Silo, StringComparer.Ordinal).ToArray(),
            reads.Where(r => r.Resources is null).Select(r => r.Silo).Order(StringComparer.Ordinal).ToArray()));
    }

    private static async Task<(string Silo, SiloResources? Resources)> ReadAsync(IClusterClient client, string silo)
    {
        try
        {
            return (silo, await client.GetGrain<ISiloAgentGrain>(silo).GetResourcesAsync());
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A silo leaving between the membership read and the call: listed as unanswered, not an error of the page.
            return (silo, null);
        }
    }
}
