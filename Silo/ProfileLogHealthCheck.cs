using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Rec.Storage;
using Orleans.Storage;

namespace Orleans.Rec.Silo;

/// <summary>
/// Readiness detail of the profile log store: Degraded (still serving, HTTP 200) while a damaged segment tail sits in
/// quarantine, since acknowledged profile writes may be in it; torn tails (a crash's unfinished, never acknowledged
/// write) are only counted. Names no files: the log warning and docs/durability.md say where to look.
/// </summary>
internal sealed class ProfileLogHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetKeyedService<IGrainStorage>(RecNames.ProfileStorage) is not LogGrainStorage log)
        {
            return Task.FromResult(HealthCheckResult.Healthy("profiles are not in the log store"));
        }

        var quarantined = log.Quarantined;
        var damaged = quarantined.Count(q => !q.Torn);
        var torn = quarantined.Count - damaged;
        return Task.FromResult(damaged > 0
            ? HealthCheckResult.Degraded(
                $"profile log: {damaged} damaged segment tail(s) quarantined at open, {torn} torn; acknowledged writes may be in quarantine (see docs/durability.md)",
                data: new Dictionary<string, object> { ["damaged"] = damaged, ["torn"] = torn })
            : HealthCheckResult.Healthy($"profile log: no damaged segment tails; {torn} torn tail(s) quarantined at open"));
    }
}
