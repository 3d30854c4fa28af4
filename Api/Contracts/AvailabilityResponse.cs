using Orleans.Rec.Inference;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>How available a version is and has been (the <c>availability</c> of a version's metrics).</summary>
/// <param name="ErrorRatio">Since load, summed over the silos holding it: (expired + failed) / attempts, attempts = requests + shed + expired + failed (warm-up excluded); 0 with no attempt.</param>
/// <param name="ShedRatio">Since load: shed / attempts.</param>
/// <param name="ReadySince">When the earliest of its current loads finished loading and warming (UTC); null when no silo holds it.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="ReadySince"/>.</param>
/// <param name="LoadMilliseconds">Time to ready after a load started (load + warm-up) on the slowest silo holding it.</param>
/// <param name="SilosLoaded">Active silos holding it loaded and warm now.</param>
/// <param name="SilosActive">Active silos now.</param>
/// <param name="LoadedEverywhereFraction">Of the history samples taken of it, the fraction in which it was loaded on every active silo; null before the first sample.</param>
/// <param name="Samples">History samples taken of it since <paramref name="ObservedSince"/>.</param>
/// <param name="MembershipChanges">Silos joining or leaving (one each) seen by the model's history since <paramref name="ObservedSince"/>.</param>
/// <param name="ObservedSince">When the model's history grain started observing (UTC).</param>
/// <param name="WindowErrorRatio">Error ratio over the history samples kept.</param>
/// <param name="WindowShedRatio">Shed ratio over the history samples kept.</param>
public sealed record AvailabilityResponse(
    double ErrorRatio,
    double ShedRatio,
    DateTime? ReadySince,
    double? UptimeSeconds,
    double? LoadMilliseconds,
    int SilosLoaded,
    int SilosActive,
    double? LoadedEverywhereFraction,
    long Samples,
    long MembershipChanges,
    DateTime ObservedSince,
    double WindowErrorRatio,
    double WindowShedRatio)
{
    public static AvailabilityResponse From(IReadOnlyCollection<LoadedVersionStatus> holding, int silosActive, VersionAvailability history, DateTimeOffset now)
    {
        var requests = holding.Sum(s => s.Requests - s.WarmUpRequests);
        var errors = holding.Sum(s => s.Expired + s.Failed);
        var shed = holding.Sum(s => s.Shed);
        var attempts = requests + errors + shed;
        var ready = holding.Where(s => s.ReadyAt is not null).ToArray();
        DateTimeOffset? readySince = ready.Length == 0 ? null : ready.Min(s => s.ReadyAt!.Value);
        return new AvailabilityResponse(
            attempts == 0 ? 0 : (double)errors / attempts,
            attempts == 0 ? 0 : (double)shed / attempts,
            readySince?.UtcDateTime,
            readySince is { } since ? Math.Max(0, (now - since).TotalSeconds) : null,
            ready.Length == 0 ? null : ready.Max(s => s.LoadMilliseconds),
            ready.Length,
            silosActive,
            history.Samples == 0 ? null : (double)history.SamplesLoadedEverywhere / history.Samples,
            history.Samples,
            history.MembershipChanges,
            history.ObservedSince.UtcDateTime,
            history.ErrorRatio,
            history.ShedRatio);
    }
}
