using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Profiles;

/// <summary>Flushes the silo's <see cref="PopularityTracker"/> on an interval and once more at shutdown.</summary>
public sealed class PopularityFlusher(PopularityTracker tracker, IOptions<PopularityOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await tracker.FlushAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await tracker.FlushAsync();
    }
}
