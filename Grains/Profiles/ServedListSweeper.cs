using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Serving;

namespace Orleans.Rec.Profiles;

/// <summary>
/// The write-behind timer of the lists served without a grain call (<see cref="LocalRecommendations"/>): once the
/// oldest list waiting in a profile's inbox is <see cref="ProfileOptions.ServedWriteBehind"/> old, the profile grain is
/// asked to take them into its state and write it. One timer for the silo instead of one per profile.
/// </summary>
public sealed class ServedListSweeper(
    LocalProfiles profiles,
    IGrainFactory grains,
    IOptions<ProfileOptions> options,
    TimeProvider time,
    ILogger<ServedListSweeper> logger) : BackgroundService
{
    private const int Parallelism = 32;

    /// <summary>How often the inboxes are looked at: a tenth of the write-behind, between 100 ms and 1 s.</summary>
    public static TimeSpan Interval(TimeSpan writeBehind) =>
        TimeSpan.FromTicks(Math.Clamp(writeBehind.Ticks / 10, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writeBehind = options.Value.ServedWriteBehind;
        if (writeBehind <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval(writeBehind), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(writeBehind, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: each deactivating profile takes its own inbox.
        }
    }

    private Task SweepAsync(TimeSpan writeBehind, CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            profiles.TakeDue(time.GetUtcNow(), writeBehind),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            async (profile, _) =>
            {
                try
                {
                    await grains.GetGrain<IUserProfileGrain>(profile.UserId).TakeServedAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    RecLog.ServedTakeFailed(logger, e, profile.UserId);
                    profiles.Requeue(profile, time.GetUtcNow());
                }
            });
}
